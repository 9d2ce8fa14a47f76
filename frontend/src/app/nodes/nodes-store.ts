import { Injectable, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ManagerEvent, ManagerNode } from '../api/manager-api.types';
import { followLiveEvents } from '../live/follow-live-events';

const byName = (a: ManagerNode, b: ManagerNode) => a.name.localeCompare(b.name);

/**
 * The registered nodes as the manager last reported them: loaded once per
 * page visit, then kept current by node-state, node-usage and node-removed events.
 */
@Injectable({ providedIn: 'root' })
export class NodesStore {
  private readonly api = inject(ManagerApi);
  private readonly nodeList = signal<ManagerNode[]>([]);

  readonly nodes = this.nodeList.asReadonly();
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);

  constructor() {
    followLiveEvents({
      onEvent: (event) => this.apply(event),
      onResumed: () => {
        if (this.loaded()) void this.load();
      },
    });
  }

  async load(): Promise<void> {
    try {
      this.nodeList.set([...(await this.api.listNodes())].sort(byName));
      this.loadError.set(null);
      this.loaded.set(true);
    } catch (error) {
      this.loadError.set(describeFailure(error));
    }
  }

  find(id: string): ManagerNode | undefined {
    return this.nodeList().find((node) => node.id === id);
  }

  /** A node the manager just answered with (registration): shown before its event arrives. */
  upsert(node: ManagerNode): void {
    this.nodeList.update((nodes) => [...nodes.filter((known) => known.id !== node.id), node].sort(byName));
  }

  private apply(event: ManagerEvent): void {
    switch (event.type) {
      case 'node-state':
      case 'node-usage':
        this.upsert(event.node);
        break;
      case 'node-removed':
        this.nodeList.update((nodes) => nodes.filter((node) => node.id !== event.nodeId));
        break;
      default:
        break;
    }
  }
}
