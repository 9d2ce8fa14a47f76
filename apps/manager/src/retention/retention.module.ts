import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [StorageModule, ClockModule],
  providers: [RetentionService],
})
export class RetentionModule {}
