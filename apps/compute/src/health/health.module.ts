import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { JoinModule } from '../join/join.module.js';
import { ReadinessModule } from '../readiness/readiness.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { IdentityModule } from './identity.module.js';

@Module({
  imports: [InstancesModule, IdentityModule, ReadinessModule, JoinModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
