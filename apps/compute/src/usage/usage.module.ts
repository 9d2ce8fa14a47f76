import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({
  imports: [InstancesModule, SamplingModule],
  controllers: [UsageController],
  providers: [UsageService],
})
export class UsageModule {}
