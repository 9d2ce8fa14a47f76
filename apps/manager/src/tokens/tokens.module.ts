import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { TokensController } from './tokens.controller.js';

/** POST, GET, DELETE /api/tokens: each user's personal API tokens (the store lives in AuthModule). */
@Module({
  imports: [EventsModule],
  controllers: [TokensController],
})
export class TokensModule {}
