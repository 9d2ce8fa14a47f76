import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tinystack/api-kit';
import { HealthStatus, ManagerHealthDto } from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { EventLog } from '../events/event-log.service.js';
import { DatabaseHealth } from '../storage/database-health.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly registry: BoardRegistry,
    private readonly database: DatabaseHealth,
    private readonly eventLog: EventLog,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness, and what is failing (no token needed; outside /api)',
    description:
      'status is degraded, with the reasons in problems, while something the manager needs fails: the database ' +
      'cannot be written (the disk is full), event log entries wait in memory. Changes still reach the nodes.',
    security: [],
  })
  @ApiOkResponse({ type: ManagerHealthDto, description: 'The manager is alive; status says whether all is well' })
  getHealth(): ManagerHealthDto {
    const problems = [...this.database.problems(), ...this.eventLog.problems()];
    return {
      status: problems.length > 0 ? HealthStatus.DEGRADED : HealthStatus.OK,
      problems,
      uptimeSeconds: Math.round(process.uptime()),
      nodes: this.registry.all().length,
    };
  }
}
