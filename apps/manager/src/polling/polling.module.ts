import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module.js';
import { NodePoller } from './node-poller.service.js';

@Module({
  imports: [BoardsModule],
  providers: [NodePoller],
})
export class PollingModule {}
