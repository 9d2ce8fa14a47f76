import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@tinystack/api-kit';
import { HealthDto } from '@tinystack/contracts';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "Liveness, whether LXC is usable, the node's id, version and limits (no token needed)", security: [] })
  @ApiOkResponse({
    type: HealthDto,
    description: "The node is alive; lxc says whether it can run containers, limits are the node's LXC timeouts",
  })
  getHealth(): HealthDto {
    return this.health.health();
  }
}
