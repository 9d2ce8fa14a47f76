import { Module } from '@nestjs/common';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstancesController } from './instances.controller.js';
import { InstancesService } from './instances.service.js';

@Module({
  controllers: [InstancesController],
  providers: [InstancesService, InstanceInventory],
  exports: [InstanceInventory],
})
export class InstancesModule {}
