import { Module } from '@nestjs/common';
import { ImagesModule } from '../images/images.module.js';
import { InstanceFiguresSampler } from '../sampling/instance-figures.service.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { CgroupControllers, HostCgroupControllers } from './cgroup-controllers.js';
import { InstanceAutostart } from './instance-autostart.service.js';
import { InstanceEvents } from './instance-events.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks } from './instance-locks.js';
import { InstanceSettings } from './instance-settings.service.js';
import { InstanceSnapshots } from './instance-snapshots.service.js';
import { InstanceSnapshotsController } from './instance-snapshots.controller.js';
import { InstancesController } from './instances.controller.js';
import { InstancesService } from './instances.service.js';

@Module({
  imports: [SamplingModule, ImagesModule],
  controllers: [InstancesController, InstanceSnapshotsController],
  providers: [
    InstancesService,
    InstanceInventory,
    InstanceLocks,
    InstanceEvents,
    InstanceSettings,
    InstanceSnapshots,
    InstanceAutostart,
    { provide: CgroupControllers, useClass: HostCgroupControllers },
    // Reads the containers' cgroup files with the sampler's ProcReader (SamplingModule): same roots, same open files.
    InstanceFiguresSampler,
  ],
  exports: [InstanceInventory, InstanceEvents, ImagesModule],
})
export class InstancesModule {}
