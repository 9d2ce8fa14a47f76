import { Module } from '@nestjs/common';
import { IdentityModule } from '../health/identity.module.js';
import { HostModule } from '../host/host.module.js';
import { JoinModule } from '../join/join.module.js';
import { DiscoveryService } from './discovery.service.js';
import { MdnsTransport } from './mdns.transport.js';
import { MulticastDnsTransport } from './multicast-dns.transport.js';

/** The node's mDNS/DNS-SD announcements on the LAN. */
@Module({
  imports: [IdentityModule, JoinModule, HostModule],
  providers: [DiscoveryService, { provide: MdnsTransport, useClass: MulticastDnsTransport }],
})
export class DiscoveryModule {}
