import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { JoinTokensModule } from '../join-tokens/join-tokens.module.js';
import { BoardAdder } from './board-adder.service.js';
import { DiscoveredBoards } from './discovered-boards.service.js';
import { DiscoveredController } from './discovered.controller.js';
import { MdnsBrowser } from './mdns-browser.js';
import { MulticastDnsBrowser } from './multicast-dns.browser.js';

/** Boards heard on the LAN (mDNS/DNS-SD), and adding them with one call. */
@Module({
  imports: [BoardsModule, ClockModule, EventsModule, JoinTokensModule],
  controllers: [DiscoveredController],
  providers: [DiscoveredBoards, BoardAdder, { provide: MdnsBrowser, useClass: MulticastDnsBrowser }],
})
export class DiscoveryModule {}
