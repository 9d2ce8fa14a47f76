import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@tinystack/api-kit';
import { IdentifyLedDto, LedStatusDto, UpdateLedDto } from '@tinystack/contracts';
import { LedDisplayService } from './led-display.service.js';

@ApiTags('led')
@ApiErrors(401)
@Controller('led')
export class LedController {
  constructor(private readonly display: LedDisplayService) {}

  @Get()
  @ApiOperation({
    summary: 'What the LED matrix shows, what each row means, and whether the chip answers',
    description: 'The rows are composed even when no chip is connected or LED_ENABLED=false.',
  })
  @ApiOkResponse({ type: LedStatusDto, description: 'The current frame, its legend and the device status' })
  getLed(): LedStatusDto {
    return this.display.status();
  }

  @Put()
  @ApiOperation({
    summary: 'Change the brightness or the blinking of the matrix',
    description:
      'Send brightness, blink or both. Reaches the chip at once when it is connected, otherwise when it comes back; ' +
      'lasts until the node restarts (LED_BRIGHTNESS sets the start-up brightness).',
  })
  @ApiOkResponse({ type: LedStatusDto, description: 'The display with the new settings' })
  @ApiErrors(400)
  updateLed(@Body() change: UpdateLedDto): Promise<LedStatusDto> {
    return this.display.update(change);
  }

  @Post('identify')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Blink the whole matrix so a person can find the board',
    description:
      'All LEDs lit and blinking at 2 Hz for `seconds` (default 5), then normal drawing resumes. ' +
      'Answers at once with the status (identifying: true); a new request restarts the count.',
  })
  @ApiBody({ type: IdentifyLedDto, required: false })
  @ApiAcceptedResponse({ type: LedStatusDto, description: 'Identifying started' })
  @ApiErrors(400)
  identifyLed(@Body() request: IdentifyLedDto): Promise<LedStatusDto> {
    return this.display.identify(request.seconds);
  }
}
