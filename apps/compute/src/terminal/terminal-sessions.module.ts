import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module.js';
import { NodePtySpawner } from './node-pty.spawner.js';
import { PtySpawner } from './pty.spawner.js';
import { TerminalSessions } from './terminal-sessions.service.js';

/**
 * The node's terminal sessions on their own, without the WebSocket route and
 * its token: what the LED matrix imports to show that a session opened.
 */
@Module({
  imports: [InstancesModule],
  providers: [{ provide: PtySpawner, useClass: NodePtySpawner }, TerminalSessions],
  exports: [TerminalSessions],
})
export class TerminalSessionsModule {}
