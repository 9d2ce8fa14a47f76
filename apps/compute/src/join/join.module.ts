import { Module } from '@nestjs/common';
import { ConditionModule } from '../condition/condition.module.js';
import { IdentityModule } from '../health/identity.module.js';
import { JoinController } from './join.controller.js';
import { JoinService } from './join.service.js';
import { HttpManagerJoinClient, ManagerJoinClient } from './manager-join.client.js';

/** Joining the manager by itself: the join at start-up, POST /join/now, POST /join/offer. */
@Module({
  imports: [IdentityModule, ConditionModule],
  controllers: [JoinController],
  providers: [JoinService, { provide: ManagerJoinClient, useClass: HttpManagerJoinClient }],
  exports: [JoinService],
})
export class JoinModule {}
