import { Module } from '@nestjs/common';
import { FsProcReader, ProcReader } from '@tinystack/resource-sampler';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceFiguresSampler } from '../sampling/instance-figures.service.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { InstanceEvents } from './instance-events.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks } from './instance-locks.js';
import { InstancesController } from './instances.controller.js';
import { InstancesService } from './instances.service.js';

@Module({
  imports: [SamplingModule],
  controllers: [InstancesController],
  providers: [
    InstancesService,
    InstanceInventory,
    InstanceLocks,
    InstanceEvents,
    InstanceFiguresSampler,
    // The cgroup files of the instances, under PROC_ROOT like the board's own figures.
    { provide: ProcReader, useFactory: (settings: ComputeSettings) => new FsProcReader(settings.PROC_ROOT), inject: [ComputeSettings] },
  ],
  exports: [InstanceInventory, InstanceEvents],
})
export class InstancesModule {}
