import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { UsageDto } from '@tinystack/contracts';
import { ManagerPolls } from '../led/manager-polls.service.js';
import { UsageService } from './usage.service.js';

@ApiTags('usage')
@Controller('usage')
export class UsageController {
  constructor(
    private readonly usage: UsageService,
    private readonly managerPolls: ManagerPolls,
  ) {}

  @Get()
  @ApiOperation({ summary: "The board's latest usage sample and container counts" })
  @ApiOkResponse({ type: UsageDto, description: 'The latest sample (taken on a timer, never per request)' })
  @ApiErrors(401, 503)
  getUsage(): UsageDto {
    const usage = this.usage.current();
    // Managers poll this route; the LED matrix's bottom row shows whether they still do.
    this.managerPolls.recordPoll();
    return usage;
  }
}
