import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [InstancesModule],
  controllers: [HealthController],
})
export class HealthModule {}
