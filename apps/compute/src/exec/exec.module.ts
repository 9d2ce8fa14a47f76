import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { ExecController } from './exec.controller.js';
import { ExecService } from './exec.service.js';

/** POST /instances/:id/exec: one command in a running instance. */
@Module({
  imports: [InstancesModule],
  controllers: [ExecController],
  providers: [ExecService],
})
export class ExecModule {}
