import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import { EventAction, EventResult, QUOTA_DEFAULTS_EXAMPLES, QuotaChangeDto, QuotaDefaultsDto } from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { EventLog } from '../events/event-log.service.js';
import { QuotaService } from './quota.service.js';

@ApiTags('users')
@ApiErrors(401)
@Controller('quota-defaults')
export class QuotaDefaultsController {
  constructor(
    private readonly quotas: QuotaService,
    private readonly eventLog: EventLog,
  ) {}

  @Get()
  @AdminOnly('read the quota defaults')
  @ApiOperation({ summary: 'The limits of every member without limits of their own (admins have none)' })
  @ApiOkResponse({ type: QuotaDefaultsDto, description: 'The defaults; a null field is unlimited' })
  getQuotaDefaults(): QuotaDefaultsDto {
    return this.quotas.defaultsDto();
  }

  @Put()
  @AdminOnly('change the quota defaults')
  @ApiOperation({
    summary: 'Change the quota defaults',
    description:
      'An absent field stays as it is; null is unlimited. Applies at once to every member without a limit of their own; ' +
      'what they have already stays (a create or start over the new limit is refused).',
  })
  @ApiBodyExamples(QuotaChangeDto, QUOTA_DEFAULTS_EXAMPLES)
  @ApiOkResponse({ type: QuotaDefaultsDto, description: 'The defaults now' })
  @ApiErrors(400)
  setQuotaDefaults(@CurrentPrincipal() caller: Principal, @Body() change: QuotaChangeDto): QuotaDefaultsDto {
    const limits = this.quotas.setDefaults(change);
    this.eventLog.record({
      action: EventAction.QUOTA_DEFAULTS_CHANGED,
      result: EventResult.SUCCESS,
      nodeId: null,
      nodeName: null,
      instance: null,
      message: `Quota defaults: ${describeLimits(limits)}`,
      actor: caller.actor,
      owner: null,
    });
    return this.quotas.defaultsDto();
  }
}

/** "5 instances, 3 running, memory unlimited" */
export function describeLimits(limits: { instances: number | null; running: number | null; memoryMiB: number | null }): string {
  const count = (value: number | null, what: string) => (value === null ? `${what} unlimited` : `${value} ${what}`);
  return [count(limits.instances, 'instances'), count(limits.running, 'running'), limits.memoryMiB === null ? 'memory unlimited' : `${limits.memoryMiB} MiB`].join(', ');
}
