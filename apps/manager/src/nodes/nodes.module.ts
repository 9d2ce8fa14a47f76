import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { ComputeModule } from '../compute/compute.module.js';
import { EventsModule } from '../events/events.module.js';
import { HistoryModule } from '../history/history.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { NodeMonitor } from './node-monitor.service.js';
import { NodeRegistration } from './node-registration.service.js';
import { NodeRegistry } from './node-registry.service.js';
import { NodesController } from './nodes.controller.js';
import { NodesService } from './nodes.service.js';

@Module({
  imports: [StorageModule, ClockModule, ComputeModule, EventsModule, HistoryModule],
  controllers: [NodesController],
  providers: [NodeRegistry, NodeMonitor, NodeRegistration, NodesService],
  exports: [NodeRegistry, NodeMonitor],
})
export class NodesModule {}
