import { Injectable, inject } from '@angular/core';
import { ManagerClient } from './manager-client';
import type { ManagerApi } from './manager-api';
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

/**
 * The manager's instance and node routes, through the console's one client
 * (ManagerClient): a route or body that drifts from the server's document
 * fails the build.
 */
@Injectable()
// `implements`, not `extends`: ManagerApi names this class as its implementation, so it may only import its type.
export class HttpManagerApi implements ManagerApi {
  private readonly client = inject(ManagerClient);

  listNodes(): Promise<ManagerNode[]> {
    return this.client.call((client) => client.GET('/api/nodes'));
  }

  registerNode(body: RegisterNodeRequest): Promise<ManagerNode> {
    return this.client.call((client) => client.POST('/api/nodes', { body }));
  }

  createJoinToken(body: CreateJoinTokenRequest): Promise<CreatedJoinToken> {
    return this.client.call((client) => client.POST('/api/join-tokens', { body }));
  }

  listJoinTokens(): Promise<JoinToken[]> {
    return this.client.call((client) => client.GET('/api/join-tokens'));
  }

  async revokeJoinToken(id: string): Promise<void> {
    await this.client.call((client) => client.DELETE('/api/join-tokens/{id}', { params: { path: { id } } }));
  }

  listDiscovered(): Promise<DiscoveredBoard[]> {
    return this.client.call((client) => client.GET('/api/discovered'));
  }

  addDiscovered(computeId: string): Promise<ManagerNode> {
    return this.client.call((client) => client.POST('/api/discovered/{computeId}/add', { params: { path: { computeId } } }));
  }

  usageHistory(id: string): Promise<UsageHistory> {
    return this.client.call((client) => client.GET('/api/nodes/{id}/usage/history', { params: { path: { id } } }));
  }

  led(id: string): Promise<LedStatus> {
    return this.client.call((client) => client.GET('/api/nodes/{id}/led', { params: { path: { id } } }));
  }

  identify(id: string, seconds: number): Promise<LedStatus> {
    return this.client.call((client) => client.POST('/api/nodes/{id}/led/identify', { params: { path: { id } }, body: { seconds } }));
  }

  listInstances(): Promise<ClusterInstance[]> {
    return this.client.call((client) => client.GET('/api/instances'));
  }

  createInstance(body: CreateInstanceRequest): Promise<Operation> {
    return this.client.call((client) => client.POST('/api/instances', { body }));
  }

  actOnInstance(nodeId: string, name: string, action: InstanceAction): Promise<Operation> {
    return this.client.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body: { action } }),
    );
  }

  renameInstance(nodeId: string, name: string, newName: string): Promise<Operation> {
    return this.client.call((client) =>
      client.PUT('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body: { name: newName } }),
    );
  }

  deleteInstance(nodeId: string, name: string, force: boolean): Promise<Operation> {
    return this.client.call((client) =>
      client.DELETE('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name }, query: { force } } }),
    );
  }

  listOperations(query: { status?: OperationStatus }): Promise<Operation[]> {
    return this.client.call((client) => client.GET('/api/operations', { params: { query } }));
  }

  operation(id: string): Promise<Operation> {
    return this.client.call((client) => client.GET('/api/operations/{id}', { params: { path: { id } } }));
  }

  eventLog(query: { limit: number; before?: number }): Promise<EventLogPage> {
    return this.client.call((client) => client.GET('/api/events/log', { params: { query } }));
  }
}
