import { Global, Module } from '@nestjs/common';
import { CoalescingTicker } from './coalescing.ticker.js';
import { Ticker } from './ticker.js';

/** The node's one Ticker, shared by everything that runs on a period so that their wake-ups coincide. */
@Global()
@Module({
  providers: [{ provide: Ticker, useClass: CoalescingTicker }],
  exports: [Ticker],
})
export class TimingModule {}
