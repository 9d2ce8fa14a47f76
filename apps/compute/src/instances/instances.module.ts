import { Module } from '@nestjs/common';
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
    // Reads the containers' cgroup files with the sampler's ProcReader (SamplingModule): same roots, same open files.
    InstanceFiguresSampler,
  ],
  exports: [InstanceInventory, InstanceEvents],
})
export class InstancesModule {}
