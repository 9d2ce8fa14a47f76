import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { QuotasModule } from '../quotas/quotas.module.js';
import { UserViews } from './user-views.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** The users of a class as the teacher manages them (the directory itself lives in AuthModule). */
@Module({
  imports: [BoardsModule, ClockModule, EventsModule, InstancesModule, OwnershipModule, QuotasModule],
  controllers: [UsersController],
  providers: [UsersService, UserViews],
  exports: [UserViews],
})
export class UsersModule {}
