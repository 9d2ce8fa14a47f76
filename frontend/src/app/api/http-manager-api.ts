import { Injectable, inject } from '@angular/core';
import { ApiError } from './api-error';
import { ManagerClient } from './manager-client';
import type { ManagerApi } from './manager-api';
import type {
  ClusterInstance,
  CreatedInstance,
  CreateInstanceRequest,
  EventLogPage,
  InstanceAction,
  InstanceDetails,
  LedStatus,
  ManagerNode,
  Operation,
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

  async createInstance(body: CreateInstanceRequest): Promise<CreatedInstance> {
    const done = await this.finished(this.client.call((client) => client.POST('/api/instances', { body })));
    return { ...resultOf(done), placement: done.placement };
  }

  async actOnInstance(nodeId: string, name: string, action: InstanceAction): Promise<InstanceDetails> {
    const started = this.client.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body: { action } }),
    );
    return resultOf(await this.finished(started));
  }

  async renameInstance(nodeId: string, name: string, newName: string): Promise<InstanceDetails> {
    const started = this.client.call((client) =>
      client.PUT('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body: { name: newName } }),
    );
    return resultOf(await this.finished(started));
  }

  async deleteInstance(nodeId: string, name: string, force: boolean): Promise<void> {
    await this.finished(
      this.client.call((client) => client.DELETE('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name }, query: { force } } })),
    );
  }

  /** Changes are operations (202): waits for the operation's end; a failure is its error, as the node gave it. */
  private async finished(started: Promise<Operation>): Promise<Operation> {
    let operation = await started;
    while (operation.status === 'running') {
      const { id } = operation;
      operation = await this.client.call((client) => client.GET('/api/operations/{id}', { params: { path: { id }, query: { wait: 60 } } }));
    }
    if (operation.status === 'failed') {
      const error = operation.error ?? { statusCode: 500, message: 'The operation failed without saying why' };
      throw new ApiError(error.statusCode, error.message);
    }
    return operation;
  }

  eventLog(query: { limit: number; before?: number }): Promise<EventLogPage> {
    return this.client.call((client) => client.GET('/api/events/log', { params: { query } }));
  }
}

function resultOf(operation: Operation): InstanceDetails {
  if (!operation.result) throw new ApiError(502, `The ${operation.action} of "${operation.instance}" succeeded without its instance`);
  return operation.result;
}
