import { Module } from '@nestjs/common';
import { LedClock } from './led.clock.js';
import { ManagerPolls } from './manager-polls.service.js';
import { SystemLedClock } from './system.led-clock.js';

/** Shared by the usage API, which records the polls, and the LED display, which shows them. */
@Module({
  providers: [{ provide: LedClock, useClass: SystemLedClock }, ManagerPolls],
  exports: [LedClock, ManagerPolls],
})
export class ManagerPollsModule {}
