import { Module } from '@nestjs/common';
import { ResourceSamplerModule } from '@tinystack/resource-sampler';
import { ComputeSettings, hostRootsOf } from '../config/compute.settings.js';
import { Ticker } from '../timing/ticker.js';
import { TickerSamplerClock } from './ticker.sampler-clock.js';

/** The node's one ResourceSampler, shared by the usage API and the LED display. */
@Module({
  imports: [
    ResourceSamplerModule.forRootAsync({
      inject: [ComputeSettings, Ticker],
      useFactory: (settings: ComputeSettings, ticker: Ticker) => ({
        intervalMs: settings.SAMPLE_INTERVAL_MS,
        root: hostRootsOf(settings),
        clock: new TickerSamplerClock(ticker),
      }),
    }),
  ],
  exports: [ResourceSamplerModule],
})
export class SamplingModule {}
