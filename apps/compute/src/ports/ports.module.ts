import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { NftPortFirewall, PortFirewall } from './port-firewall.js';
import { PortForwardStore } from './port-forward.store.js';
import { PortForwardsService } from './port-forwards.service.js';
import { PortsController } from './ports.controller.js';

/** Ports of the board forwarded to instances, with nftables. */
@Module({
  imports: [InstancesModule],
  controllers: [PortsController],
  providers: [PortForwardsService, PortForwardStore, { provide: PortFirewall, useClass: NftPortFirewall }],
  exports: [PortForwardsService],
})
export class PortsModule {}
