import { Module } from '@nestjs/common';
import { ConditionModule } from '../condition/condition.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { LedModule } from '../led/led.module.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { HostModule } from '../host/host.module.js';
import { ReadinessService } from './readiness.service.js';

/** The board's readiness checks. It imports the LED module, whose first redraw (the chip's first answer) comes before the first check. */
@Module({
  imports: [InstancesModule, LedModule, SamplingModule, ConditionModule, HostModule],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class ReadinessModule {}
