import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { UsageDto } from '@tinystack/contracts';
import { UsageService } from './usage.service.js';

@ApiTags('usage')
@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({ summary: "The board's latest usage sample and container counts" })
  @ApiOkResponse({ type: UsageDto })
  @ApiErrors(401, 503)
  getUsage(): UsageDto {
    return this.usage.current();
  }
}
