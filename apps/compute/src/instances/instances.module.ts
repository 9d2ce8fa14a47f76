import { Module } from '@nestjs/common';
import { InstanceEvents } from './instance-events.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks } from './instance-locks.js';
import { InstancesController } from './instances.controller.js';
import { InstancesService } from './instances.service.js';

@Module({
  controllers: [InstancesController],
  providers: [InstancesService, InstanceInventory, InstanceLocks, InstanceEvents],
  exports: [InstanceInventory, InstanceEvents],
})
export class InstancesModule {}
