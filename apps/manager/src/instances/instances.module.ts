import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { EventsModule } from '../events/events.module.js';
import { ImagesModule } from '../images/images.module.js';
import { OperationsModule } from '../operations/operations.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { QuotasModule } from '../quotas/quotas.module.js';
import { ClusterInstancesService } from './cluster-instances.service.js';
import { InstanceAccessController } from './instance-access.controller.js';
import { InstanceAccessService } from './instance-access.service.js';
import { InstanceBatchService } from './instance-batch.service.js';
import { InstanceSnapshotsController } from './instance-snapshots.controller.js';
import { InstancesController } from './instances.controller.js';
import { NodeInstancesController } from './node-instances.controller.js';

@Module({
  imports: [BoardsModule, OperationsModule, EventsModule, OwnershipModule, QuotasModule, ImagesModule],
  controllers: [InstancesController, NodeInstancesController, InstanceAccessController, InstanceSnapshotsController],
  providers: [ClusterInstancesService, InstanceAccessService, InstanceBatchService],
  exports: [ClusterInstancesService, InstanceAccessService],
})
export class InstancesModule {}
