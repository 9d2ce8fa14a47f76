import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { ComputeModule } from '../compute/compute.module.js';
import { EventsModule } from '../events/events.module.js';
import { HistoryModule } from '../history/history.module.js';
import { JoinTokensModule } from '../join-tokens/join-tokens.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { NodeJoinController } from './node-join.controller.js';
import { NodeJoin } from './node-join.service.js';
import { NodeRegistration } from './node-registration.service.js';
import { NodesController } from './nodes.controller.js';
import { NodesService } from './nodes.service.js';

@Module({
  imports: [BoardsModule, ClockModule, ComputeModule, EventsModule, HistoryModule, OwnershipModule, JoinTokensModule],
  controllers: [NodeJoinController, NodesController],
  providers: [NodeRegistration, NodeJoin, NodesService],
  exports: [NodeRegistration],
})
export class NodesModule {}
