import { Module } from '@nestjs/common';
import { ConditionModule } from '../condition/condition.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { LedModule } from '../led/led.module.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { HostSystem } from './host-system.js';
import { NodeHostSystem } from './node.host-system.js';
import { ReadinessService } from './readiness.service.js';

/** The board's readiness checks. It imports the LED module, whose first redraw (the chip's first answer) comes before the first check. */
@Module({
  imports: [InstancesModule, LedModule, SamplingModule, ConditionModule],
  providers: [ReadinessService, { provide: HostSystem, useClass: NodeHostSystem }],
  exports: [ReadinessService],
})
export class ReadinessModule {}
