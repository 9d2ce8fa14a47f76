import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { BEARER_SCHEME, type ApiServerDefinition } from '@tinystack/api-kit';
import { CSRF_HEADER, SESSION_COOKIE } from '@tinystack/contracts';
import { ManagerSettings } from './config/manager.settings.js';
import { API_PREFIX, configureManagerApp } from './manager.app.js';
import { ManagerModule } from './manager.module.js';

/** The committed document, resolved from the source and the bundle alike (both sit three levels deep). */
export const MANAGER_OPENAPI_FILE = join(__dirname, '..', '..', '..', 'openapi', 'manager.json');

/** Security schemes of the console's sign-in: the session cookie, and the CSRF header its changes carry. */
export const SESSION_SCHEME = 'session';
export const CSRF_SCHEME = 'csrf';
const CHANGES = ['post', 'put', 'patch', 'delete'] as const;
const NOT_SIGNED_IN = 'Not signed in: no token or session cookie, or a wrong, expired or revoked one, or a disabled user; the message says which';

/**
 * What the decorators cannot say: a route takes the bearer token or the
 * session cookie, and a change made with the cookie also needs the CSRF
 * header. Routes that say their own security (the public ones) keep it.
 */
function documentSignIn(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    [SESSION_SCHEME]: {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The session cookie set by POST /api/session (HttpOnly, SameSite=Strict); browsers send it by themselves',
    },
    [CSRF_SCHEME]: {
      type: 'apiKey',
      in: 'header',
      name: CSRF_HEADER,
      description: 'The csrfToken of the sign-in (also in GET /api/me): every POST, PUT, PATCH and DELETE made with the session cookie carries it',
    },
  };
  document.security = [{ [BEARER_SCHEME]: [] }, { [SESSION_SCHEME]: [] }];
  for (const path of Object.values(document.paths)) {
    for (const method of CHANGES) {
      const operation = path[method];
      if (operation && operation.security === undefined) operation.security = [{ [BEARER_SCHEME]: [] }, { [SESSION_SCHEME]: [], [CSRF_SCHEME]: [] }];
    }
    for (const operation of Object.values(path)) {
      const unauthorised = (operation as { responses?: Record<string, { description: string }> }).responses?.['401'];
      if (unauthorised) unauthorised.description = NOT_SIGNED_IN;
    }
  }
}

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
        'placement of new instances, the event log and live events, and the users of a class. Every route under /api ' +
        'but signing in and enrolling needs "Authorization: Bearer <token>" (MANAGER_TOKEN, which acts as the built-in ' +
        'admin, or a personal token from POST /api/tokens) or the session cookie of POST /api/session, whose POST, ' +
        'PUT, PATCH and DELETE also carry "X-CSRF-Token". Admins (teachers) may do everything; a member (a learner) ' +
        "sees and changes their own instances only: another user's instance is a 404, as a missing one is. " +
        'Errors always have the ErrorDto shape; errors of a compute node keep their status and message. ' +
        'Changes to instances answer 202 with an operation (Location: /api/operations/<id>) whose end state is what ' +
        'the node did; GET /api/operations/<id>?wait=<seconds> waits for it.',
      version: '1.0.0',
      operationIdPrefix: 'manager',
      tags: {
        nodes: 'The compute nodes: register and unregister them, their state and usage history, their LED matrix',
        join: 'Boards that join by themselves: join tokens, the join of a board, the boards heard on the LAN and adding them',
        instances: 'Instances on every node: list, create with placement, and act on one through its node (as operations)',
        images: 'The image library: root filesystem tarballs to create instances from; import, publish an instance, warm the nodes',
        snapshots: "Snapshots of an instance's root filesystem, to reset a broken lab",
        operations: 'Changes sent to nodes (create, start, stop, restart, rename, delete, publish, warm, batch), followed until the node did them',
        events: 'What happened: the stored event log and the live event stream (Server-Sent Events)',
        users: 'The users of a class (admins and members), their quotas and the class code to enrol with',
        session: 'Signing in and out, the caller themself, their password and personal tokens',
        mqtt: 'The MQTT broker for the class\'s devices: how to connect, the clients connected, device tokens',
        health: 'Liveness of the manager; needs no token',
      },
    },
    complete: documentSignIn,
  },
};
