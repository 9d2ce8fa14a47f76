import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tinystack/api-kit';
import { HealthStatus, ManagerHealthDto } from '@tinystack/contracts';
import { NodeRegistry } from '../nodes/node-registry.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: NodeRegistry) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness (no token needed; outside /api)', security: [] })
  @ApiOkResponse({ type: ManagerHealthDto, description: 'The manager is alive' })
  getHealth(): ManagerHealthDto {
    return { status: HealthStatus.OK, uptimeSeconds: Math.round(process.uptime()), nodes: this.registry.all().length };
  }
}
