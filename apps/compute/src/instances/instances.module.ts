import { Module } from '@nestjs/common';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks } from './instance-locks.js';
import { InstancesController } from './instances.controller.js';
import { InstancesService } from './instances.service.js';

@Module({
  controllers: [InstancesController],
  providers: [InstancesService, InstanceInventory, InstanceLocks],
  exports: [InstanceInventory],
})
export class InstancesModule {}
