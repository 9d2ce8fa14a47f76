import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { NodesModule } from '../nodes/nodes.module.js';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { InstancesController } from './instances.controller.js';
import { NodeInstancesController } from './node-instances.controller.js';

@Module({
  imports: [NodesModule, EventsModule],
  controllers: [InstancesController, NodeInstancesController],
  providers: [ClusterInstancesService],
})
export class InstancesModule {}
