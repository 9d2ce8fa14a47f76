import { Module } from '@nestjs/common';
import { ResourceSamplerModule } from '@tinystack/resource-sampler';
import { ComputeSettings } from '../config/compute.settings.js';

/** The node's one ResourceSampler, shared by the usage API and the LED display. */
@Module({
  imports: [
    ResourceSamplerModule.forRootAsync({
      inject: [ComputeSettings],
      useFactory: (settings: ComputeSettings) => ({ intervalMs: settings.SAMPLE_INTERVAL_MS, root: settings.PROC_ROOT }),
    }),
  ],
  exports: [ResourceSamplerModule],
})
export class SamplingModule {}
