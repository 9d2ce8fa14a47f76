import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { EventLog } from './event-log.service.js';
import { EventsController } from './events.controller.js';
import { ManagerEventBus } from './manager-event-bus.js';

@Module({
  imports: [StorageModule, ClockModule],
  controllers: [EventsController],
  providers: [ManagerEventBus, EventLog],
  exports: [ManagerEventBus, EventLog],
})
export class EventsModule {}
