import { DOCUMENT, Injectable, inject } from '@angular/core';
import type { Client } from 'openapi-fetch';
import { Session } from '../session/session';
import { toApiError } from './api-error';
import type { paths } from './generated/manager-api';
import { ManagerApi } from './manager-api';
import type {
  ClusterInstance,
  CreatedJoinToken,
  CreateInstanceRequest,
  CreateJoinTokenRequest,
  DiscoveredBoard,
  JoinToken,
  EventLogPage,
  InstanceAction,
  LedStatus,
  ManagerNode,
  Operation,
  OperationStatus,
  RegisterNodeRequest,
  UsageHistory,
} from './manager-api.types';

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * openapi-fetch arrives in its own chunk, requested as the app starts: the
 * first paint (the sign-in prompt, the page frame) does not wait for it, and
 * it is there by the time a page asks for data.
 */
const openApiFetch = import('openapi-fetch');

/**
 * The manager's API through openapi-fetch, typed by the generated `paths`: a
 * route or body that drifts from the server's document fails the build. The
 * console is served by the manager, so requests go to its own origin.
 */
@Injectable()
export class HttpManagerApi extends ManagerApi {
  private readonly session = inject(Session);
  private readonly origin = inject(DOCUMENT).location.origin;
  private readonly client: Promise<Client<paths>> = openApiFetch.then(({ default: createClient }) => {
    const client = createClient<paths>({ baseUrl: this.origin });
    client.use({
      onRequest: ({ request }) => {
        const token = this.session.token();
        if (token) request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
    return client;
  });

  listNodes(): Promise<ManagerNode[]> {
    return this.call((client) => client.GET('/api/nodes'));
  }

  registerNode(body: RegisterNodeRequest): Promise<ManagerNode> {
    return this.call((client) => client.POST('/api/nodes', { body }));
  }

  createJoinToken(body: CreateJoinTokenRequest): Promise<CreatedJoinToken> {
    return this.call((client) => client.POST('/api/join-tokens', { body }));
  }

  listJoinTokens(): Promise<JoinToken[]> {
    return this.call((client) => client.GET('/api/join-tokens'));
  }

  async revokeJoinToken(id: string): Promise<void> {
    await this.call((client) => client.DELETE('/api/join-tokens/{id}', { params: { path: { id } } }));
  }

  listDiscovered(): Promise<DiscoveredBoard[]> {
    return this.call((client) => client.GET('/api/discovered'));
  }

  addDiscovered(computeId: string): Promise<ManagerNode> {
    return this.call((client) => client.POST('/api/discovered/{computeId}/add', { params: { path: { computeId } } }));
  }

  usageHistory(id: string): Promise<UsageHistory> {
    return this.call((client) => client.GET('/api/nodes/{id}/usage/history', { params: { path: { id } } }));
  }

  led(id: string): Promise<LedStatus> {
    return this.call((client) => client.GET('/api/nodes/{id}/led', { params: { path: { id } } }));
  }

  identify(id: string, seconds: number): Promise<LedStatus> {
    return this.call((client) => client.POST('/api/nodes/{id}/led/identify', { params: { path: { id } }, body: { seconds } }));
  }

  listInstances(): Promise<ClusterInstance[]> {
    return this.call((client) => client.GET('/api/instances'));
  }

  createInstance(body: CreateInstanceRequest): Promise<Operation> {
    return this.call((client) => client.POST('/api/instances', { body }));
  }

  actOnInstance(nodeId: string, name: string, action: InstanceAction): Promise<Operation> {
    return this.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body: { action } }),
    );
  }

  renameInstance(nodeId: string, name: string, newName: string): Promise<Operation> {
    return this.call((client) =>
      client.PUT('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body: { name: newName } }),
    );
  }

  deleteInstance(nodeId: string, name: string, force: boolean): Promise<Operation> {
    return this.call((client) =>
      client.DELETE('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name }, query: { force } } }),
    );
  }

  listOperations(query: { status?: OperationStatus }): Promise<Operation[]> {
    return this.call((client) => client.GET('/api/operations', { params: { query } }));
  }

  operation(id: string): Promise<Operation> {
    return this.call((client) => client.GET('/api/operations/{id}', { params: { path: { id } } }));
  }

  eventLog(query: { limit: number; before?: number }): Promise<EventLogPage> {
    return this.call((client) => client.GET('/api/events/log', { params: { query } }));
  }

  /** A 401 means the token is no longer good: back to the prompt, saying why. */
  private async call<T>(send: (client: Client<paths>) => Promise<FetchResult<T>>): Promise<T> {
    const result = await send(await this.client);
    if (!result.response.ok) {
      const error = toApiError(result.response.status, result.error);
      if (result.response.status === 401) this.session.expire(`The manager refused the token: ${error.message}`);
      throw error;
    }
    return result.data as T;
  }
}

