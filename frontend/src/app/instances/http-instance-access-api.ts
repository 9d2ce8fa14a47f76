import { Injectable, inject } from '@angular/core';
import { ManagerClient } from '../api/manager-client';
import type {
  ExposePortRequest,
  InstanceAccessApi,
  InstanceDetails,
  InstanceSettingsChange,
  PortForward,
  PortProtocol,
  Snapshot,
  TerminalTicket,
} from './instance-access-api';

/** The ports and terminal routes of an instance, through the console's one client (CSRF proof, sign-out on 401). */
@Injectable()
// `implements`, not `extends`: InstanceAccessApi names this class as its implementation, so it may only import its type.
export class HttpInstanceAccessApi implements InstanceAccessApi {
  private readonly client = inject(ManagerClient);

  listPorts(nodeId: string, name: string): Promise<PortForward[]> {
    return this.client.call((client) => client.GET('/api/nodes/{nodeId}/instances/{name}/ports', { params: { path: { nodeId, name } } }));
  }

  exposePort(nodeId: string, name: string, body: ExposePortRequest): Promise<PortForward> {
    return this.client.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}/ports', { params: { path: { nodeId, name } }, body }),
    );
  }

  async unexposePort(nodeId: string, name: string, hostPort: number, protocol: PortProtocol): Promise<void> {
    await this.client.call((client) =>
      client.DELETE('/api/nodes/{nodeId}/instances/{name}/ports/{hostPort}', {
        params: { path: { nodeId, name, hostPort }, query: { protocol } },
      }),
    );
  }

  openTerminal(nodeId: string, name: string, body: { cols: number; rows: number }): Promise<TerminalTicket> {
    return this.client.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}/console', { params: { path: { nodeId, name } }, body }),
    );
  }

  listSnapshots(nodeId: string, name: string): Promise<Snapshot[]> {
    return this.client.call((client) => client.GET('/api/nodes/{nodeId}/instances/{name}/snapshots', { params: { path: { nodeId, name } } }));
  }

  takeSnapshot(nodeId: string, name: string, snapshot: string): Promise<Snapshot> {
    return this.client.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}/snapshots', { params: { path: { nodeId, name } }, body: { name: snapshot } }),
    );
  }

  restoreSnapshot(nodeId: string, name: string, snap: string, stopFirst: boolean): Promise<InstanceDetails> {
    return this.client.call((client) =>
      client.POST('/api/nodes/{nodeId}/instances/{name}/snapshots/{snap}/restore', {
        params: { path: { nodeId, name, snap } },
        body: { stopFirst },
      }),
    );
  }

  async deleteSnapshot(nodeId: string, name: string, snap: string): Promise<void> {
    await this.client.call((client) =>
      client.DELETE('/api/nodes/{nodeId}/instances/{name}/snapshots/{snap}', { params: { path: { nodeId, name, snap } } }),
    );
  }

  configure(nodeId: string, name: string, body: InstanceSettingsChange): Promise<InstanceDetails> {
    return this.client.call((client) => client.PATCH('/api/nodes/{nodeId}/instances/{name}', { params: { path: { nodeId, name } }, body }));
  }
}
