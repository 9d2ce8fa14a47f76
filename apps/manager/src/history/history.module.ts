import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { UsageHistoryService } from './usage-history.service.js';

@Module({
  imports: [StorageModule, ClockModule],
  providers: [UsageHistoryService],
  exports: [UsageHistoryService],
})
export class HistoryModule {}
