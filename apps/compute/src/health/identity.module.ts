import { Module } from '@nestjs/common';
import { NodeIdentity } from './node-identity.service.js';

/** The node's own id, for /health, the join and the LAN announcements. */
@Module({
  providers: [NodeIdentity],
  exports: [NodeIdentity],
})
export class IdentityModule {}
