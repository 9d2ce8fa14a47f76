import { join } from 'node:path';
import type { ApiServerDefinition } from '@tinystack/api-kit';
import { ManagerSettings } from './config/manager.settings.js';
import { QUERY_TOKEN_SCHEME } from './events/events.controller.js';
import { API_PREFIX, configureManagerApp } from './manager.app.js';
import { ManagerModule } from './manager.module.js';

/** The committed document, resolved from the source and the bundle alike (both sit three levels deep). */
export const MANAGER_OPENAPI_FILE = join(__dirname, '..', '..', '..', 'openapi', 'manager.json');

export const MANAGER_SERVER: ApiServerDefinition<ManagerSettings> = {
  name: 'Manager',
  settings: ManagerSettings,
  dataDir: (settings) => settings.DATA_DIR,
  token: (settings) => ({
    configured: settings.MANAGER_TOKEN,
    file: join(settings.DATA_DIR, 'manager-token'),
    variable: 'MANAGER_TOKEN',
  }),
  address: (settings) => ({ port: settings.MANAGER_PORT, host: settings.MANAGER_HOST }),
  module: (settings, apiToken) => ManagerModule.forRoot(settings, apiToken),
  configure: configureManagerApp,
  docs: {
    ui: `${API_PREFIX}/docs`,
    json: `${API_PREFIX}/docs-json`,
    file: MANAGER_OPENAPI_FILE,
    info: {
      title: 'TinyStack manager',
      description:
        'The cluster API: the registered compute nodes (polled on a schedule), every instance on every node, ' +
        'placement of new instances, the event log and live events. Every route under /api needs ' +
        '"Authorization: Bearer <MANAGER_TOKEN>" (GET /api/events also takes ?access_token=). ' +
        'Errors always have the ErrorDto shape; errors of a compute node keep their status and message. ' +
        'Changes to instances answer 202 with an operation (Location: /api/operations/<id>) whose end state is what ' +
        'the node did; GET /api/operations/<id>?wait=<seconds> waits for it.',
      version: '1.0.0',
      operationIdPrefix: 'manager',
      tags: {
        nodes: 'The compute nodes: register and unregister them, their state and usage history, their LED matrix',
        instances: 'Instances on every node: list, create with placement, and act on one through its node (as operations)',
        operations: 'Changes sent to nodes (create, start, stop, restart, rename, delete), followed until the node did them',
        events: 'What happened: the stored event log and the live event stream (Server-Sent Events)',
        health: 'Liveness of the manager; needs no token',
      },
    },
    // The query-string token of the event stream is not a scheme the decorators can declare.
    complete: (document) => {
      document.components ??= {};
      document.components.securitySchemes = {
        ...document.components.securitySchemes,
        [QUERY_TOKEN_SCHEME]: {
          type: 'apiKey',
          in: 'query',
          name: 'access_token',
          description: 'The MANAGER_TOKEN as a query parameter; accepted by GET /api/events only (for EventSource)',
        },
      };
    },
  },
};
