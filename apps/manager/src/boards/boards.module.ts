import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { ComputeModule } from '../compute/compute.module.js';
import { EventsModule } from '../events/events.module.js';
import { HistoryModule } from '../history/history.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { BoardPublisher } from './board-publisher.service.js';
import { BoardRegistry } from './board-registry.service.js';

/** One Board per registered node: its state, cache, lanes and changes; what boards tell, published. */
@Module({
  imports: [StorageModule, ClockModule, ComputeModule, EventsModule, HistoryModule],
  providers: [BoardRegistry, BoardPublisher],
  exports: [BoardRegistry, BoardPublisher],
})
export class BoardsModule {}
