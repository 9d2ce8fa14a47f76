import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { OperationsController } from './operations.controller.js';
import { OperationsService } from './operations.service.js';

/** Changes sent to nodes, followed until their outcome is known. */
@Module({
  imports: [EventsModule, ClockModule],
  controllers: [OperationsController],
  providers: [OperationsService],
  exports: [OperationsService],
})
export class OperationsModule {}
