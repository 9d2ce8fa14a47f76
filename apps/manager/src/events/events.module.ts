import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { EventLog } from './event-log.service.js';
import { ManagerEventBus } from './manager-event-bus.js';

/** The event log and the bus of live events, which every feature writes to. */
@Module({
  imports: [StorageModule, ClockModule],
  providers: [ManagerEventBus, EventLog],
  exports: [ManagerEventBus, EventLog],
})
export class EventsModule {}
