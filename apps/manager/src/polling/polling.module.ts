import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module.js';
import { NodePoller } from './node-poller.service.js';

@Module({
  imports: [NodesModule],
  providers: [NodePoller],
})
export class PollingModule {}
