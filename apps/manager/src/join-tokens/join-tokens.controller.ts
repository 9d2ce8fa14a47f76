import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiBodyExamples, ApiErrors } from '@tinystack/api-kit';
import {
  CREATE_JOIN_TOKEN_EXAMPLES,
  CreatedJoinTokenDto,
  CreateJoinTokenDto,
  EventAction,
  EventResult,
  JOIN_TOKEN_HOURS,
  JoinTokenDto,
  JoinTokenIdParams,
  MAX_JOIN_TOKENS,
} from '@tinystack/contracts';
import { AdminOnly, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { toJoinTokenDto } from './join-token.mapper.js';
import { JoinTokenStore } from './join-token-store.service.js';
import { joinCommand, managerAddressForBoards } from './manager-address.js';

@ApiTags('join')
@ApiErrors(401)
@Controller('join-tokens')
export class JoinTokensController {
  constructor(
    private readonly tokens: JoinTokenStore,
    private readonly eventLog: EventLog,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  @Post()
  @AdminOnly('make join tokens')
  @ApiOperation({
    summary: 'A join token, by which boards join this manager by themselves (shown once)',
    description:
      'A board started with MANAGER_URL and JOIN_TOKEN (or after `tinystack-compute join <manager-url> <token>`) joins with ' +
      `it (POST /api/nodes/join). One token admits any number of boards until it expires (default ${JOIN_TOKEN_HOURS.default} h, ` +
      `${JOIN_TOKEN_HOURS.min} to ${JOIN_TOKEN_HOURS.max}) or is revoked. The manager keeps only its SHA-256. \`command\` is what to ` +
      'type on a board: its manager URL is MANAGER_ADVERTISE_URL, else the address this request came to (the LAN address when ' +
      `that was 127.0.0.1). At most ${MAX_JOIN_TOKENS} tokens that still work.`,
  })
  @ApiBodyExamples(CreateJoinTokenDto, CREATE_JOIN_TOKEN_EXAMPLES)
  @ApiCreatedResponse({ type: CreatedJoinTokenDto, description: 'The token, with its secret and the command: this answer is the only place they appear' })
  @ApiErrors(400, 409, 503)
  createJoinToken(@CurrentPrincipal() caller: Principal, @Req() request: Request, @Body() body: CreateJoinTokenDto): CreatedJoinTokenDto {
    const { token, record } = this.tokens.create({ expiresInHours: body.expiresInHours, note: body.note });
    const managerUrl = managerAddressForBoards({ protocol: request.protocol, host: request.get('host') }, this.settings.MANAGER_ADVERTISE_URL, this.settings.MANAGER_PORT);
    this.log(caller, EventAction.JOIN_TOKEN_CREATED, `${caller.username} made a join token${record.note ? ` ("${record.note}")` : ''}, valid until ${record.expiresAt.toISOString()}`);
    return { ...toJoinTokenDto(record), token, command: joinCommand(managerUrl, token) };
  }

  @Get()
  @AdminOnly('see join tokens')
  @ApiOperation({ summary: 'The join tokens, without their secrets (ended ones stay listed a week)' })
  @ApiOkResponse({ type: [JoinTokenDto], description: 'Oldest first' })
  listJoinTokens(): JoinTokenDto[] {
    return this.tokens.list().map(toJoinTokenDto);
  }

  @Delete(':id')
  @AdminOnly('revoke join tokens')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a join token: it admits no board from now on (boards that joined with it stay registered)' })
  @ApiParam({ name: 'id', description: 'Join token id (see GET /api/join-tokens)', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked (also when it was already)' })
  @ApiErrors(400, 404, 503)
  revokeJoinToken(@CurrentPrincipal() caller: Principal, @Param() params: JoinTokenIdParams): void {
    const before = this.tokens.list().find((record) => record.id === params.id);
    const record = this.tokens.revoke(params.id);
    if (before?.revokedAt) return;
    this.log(caller, EventAction.JOIN_TOKEN_REVOKED, `${caller.username} revoked the join token${record.note ? ` "${record.note}"` : ` made at ${record.createdAt.toISOString()}`}`);
  }

  private log(caller: Principal, action: EventAction, message: string): void {
    this.eventLog.record({ action, result: EventResult.SUCCESS, nodeId: null, nodeName: null, instance: null, message, actor: caller.actor, owner: null });
  }
}
