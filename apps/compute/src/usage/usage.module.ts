import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { ManagerPollsModule } from '../led/manager-polls.module.js';
import { SamplingModule } from '../sampling/sampling.module.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({
  imports: [InstancesModule, SamplingModule, ManagerPollsModule],
  controllers: [UsageController],
  providers: [UsageService],
})
export class UsageModule {}
