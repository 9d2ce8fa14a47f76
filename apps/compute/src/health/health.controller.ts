import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { hostname } from 'node:os';
import { Public } from '@tinystack/api-kit';
import { HealthDto } from '@tinystack/contracts';
import { InstanceInventory } from '../instances/instance-inventory.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly inventory: InstanceInventory) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness, and whether LXC is usable (no token needed)', security: [] })
  @ApiOkResponse({ type: HealthDto, description: 'The node is alive; lxc says whether it can run containers' })
  getHealth(): HealthDto {
    return {
      status: 'ok',
      hostname: hostname(),
      uptimeSeconds: Math.round(process.uptime()),
      lxc: this.inventory.lxcStatus(),
    };
  }
}
