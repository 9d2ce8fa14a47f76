import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { EventStream } from './event-stream.service.js';
import { EventsController } from './events.controller.js';
import { EventsModule } from './events.module.js';

/** GET /api/events and /api/events/log: what each viewer may see of the events. */
@Module({
  imports: [EventsModule, OwnershipModule, ClockModule],
  controllers: [EventsController],
  providers: [EventStream],
})
export class EventStreamModule {}
