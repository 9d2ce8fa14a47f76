import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { NodeIdentity } from './node-identity.service.js';

@Module({
  imports: [InstancesModule],
  controllers: [HealthController],
  providers: [HealthService, NodeIdentity],
})
export class HealthModule {}
