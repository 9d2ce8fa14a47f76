import { Module } from '@nestjs/common';
import { HostSystem } from './host-system.js';
import { NodeHostSystem } from './node.host-system.js';

/** The host as the readiness checks and discovery ask it (behind the HostSystem port). */
@Module({
  providers: [{ provide: HostSystem, useClass: NodeHostSystem }],
  exports: [HostSystem],
})
export class HostModule {}
