import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [NodesModule],
  controllers: [HealthController],
})
export class HealthModule {}
