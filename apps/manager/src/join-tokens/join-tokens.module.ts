import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { EventsModule } from '../events/events.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { JoinTokenStore } from './join-token-store.service.js';
import { JoinTokensController } from './join-tokens.controller.js';

/** POST, GET, DELETE /api/join-tokens: the tokens by which boards join by themselves. */
@Module({
  imports: [StorageModule, ClockModule, EventsModule],
  controllers: [JoinTokensController],
  providers: [JoinTokenStore],
  exports: [JoinTokenStore],
})
export class JoinTokensModule {}
