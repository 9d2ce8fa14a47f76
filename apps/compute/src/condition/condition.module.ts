import { Module } from '@nestjs/common';
import { NodeCondition } from './node-condition.service.js';

/** Shared by the readiness checks and the join, which record the node's condition, and the LED display, which shows it. */
@Module({
  providers: [NodeCondition],
  exports: [NodeCondition],
})
export class ConditionModule {}
