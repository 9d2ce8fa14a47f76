import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { InstancesModule } from '../instances/instances.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { TerminalController } from './terminal.controller.js';
import { TerminalOpening } from './terminal-opening.service.js';
import { TerminalProxy } from './terminal-proxy.service.js';
import { TerminalTickets } from './terminal-tickets.js';

/** Terminals in instances through the manager: tickets, and the WebSocket piped to the node. */
@Module({
  imports: [BoardsModule, ClockModule, EventsModule, InstancesModule, OwnershipModule],
  controllers: [TerminalController],
  providers: [TerminalTickets, TerminalProxy, TerminalOpening],
})
export class TerminalModule {}
