import { Module } from '@nestjs/common';
import { ExecFileProcessRunner, ProcessRunner } from '@tinystack/lxc-driver';
import { HostSystem } from './host-system.js';
import { NodeHostSystem } from './node.host-system.js';

/** The host as the readiness checks and discovery ask it (behind the HostSystem port). */
@Module({
  providers: [
    { provide: ProcessRunner, useClass: ExecFileProcessRunner },
    { provide: HostSystem, useClass: NodeHostSystem },
  ],
  exports: [HostSystem],
})
export class HostModule {}
