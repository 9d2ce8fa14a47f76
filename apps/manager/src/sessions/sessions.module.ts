import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { UsersModule } from '../users/users.module.js';
import { PasswordService } from './password.service.js';
import { MeController, SessionController } from './session.controller.js';
import { SignInService } from './sign-in.service.js';

/** Signing in and out, and the caller themself (the session store lives in AuthModule). */
@Module({
  imports: [ClockModule, EventsModule, UsersModule],
  controllers: [SessionController, MeController],
  providers: [SignInService, PasswordService],
  exports: [SignInService],
})
export class SessionsModule {}
