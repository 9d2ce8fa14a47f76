import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { OwnershipService } from './ownership.service.js';

/** Who owns each instance, and what a viewer may see of them. */
@Module({
  imports: [StorageModule, BoardsModule, EventsModule, ClockModule],
  providers: [OwnershipService],
  exports: [OwnershipService],
})
export class OwnershipModule {}
