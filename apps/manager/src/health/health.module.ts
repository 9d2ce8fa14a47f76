import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { EventsModule } from '../events/events.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [BoardsModule, EventsModule, StorageModule],
  controllers: [HealthController],
})
export class HealthModule {}
