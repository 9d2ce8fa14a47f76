import { Module, type DynamicModule } from '@nestjs/common';
import { API_TOKEN, WebSocketUpgradesModule } from '@tinystack/api-kit';
import { InstancesModule } from '../instances/instances.module.js';
import { ConsoleController } from './console.controller.js';
import { TerminalGateway } from './terminal.gateway.js';
import { TerminalSessionsModule } from './terminal-sessions.module.js';

/**
 * The terminal WebSocket of GET /instances/:id/console (only the manager connects, with the node's token),
 * a route of the node's one owner of HTTP upgrades.
 */
@Module({})
export class TerminalModule {
  static forRoot(options: { apiToken: string }): DynamicModule {
    return {
      module: TerminalModule,
      imports: [InstancesModule, TerminalSessionsModule, WebSocketUpgradesModule],
      controllers: [ConsoleController],
      providers: [{ provide: API_TOKEN, useValue: options.apiToken }, TerminalGateway],
    };
  }
}
