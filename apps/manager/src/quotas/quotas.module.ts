import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { EventsModule } from '../events/events.module.js';
import { OwnershipModule } from '../ownership/ownership.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { QuotaDefaultsController } from './quota-defaults.controller.js';
import { QuotaService } from './quota.service.js';

/** What each member may have, and the defaults the admin sets. */
@Module({
  imports: [StorageModule, BoardsModule, OwnershipModule, EventsModule],
  controllers: [QuotaDefaultsController],
  providers: [QuotaService],
  exports: [QuotaService],
})
export class QuotasModule {}
