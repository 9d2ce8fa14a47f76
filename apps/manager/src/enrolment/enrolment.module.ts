import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { UsersModule } from '../users/users.module.js';
import { ClassCodeService } from './class-code.service.js';
import { EnrolmentController } from './enrolment.controller.js';

/** The class code, and learners enrolling with it. */
@Module({
  imports: [StorageModule, ClockModule, EventsModule, SessionsModule, UsersModule],
  controllers: [EnrolmentController],
  providers: [ClassCodeService],
})
export class EnrolmentModule {}
