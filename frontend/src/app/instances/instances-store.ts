import { Injectable, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ClusterInstance, InstanceDetails, ManagerEvent, NodeState, Operation, RunningInstanceFigures } from '../api/manager-api.types';
import { followLiveEvents } from '../live/follow-live-events';

const inClusterOrder = (a: ClusterInstance, b: ClusterInstance) =>
  a.nodeName.localeCompare(b.nodeName) || a.name.localeCompare(b.name);

/**
 * Every instance on every node: loaded once per page visit, then kept current
 * by `instances` events (a node's whole new list), node state changes, and
 * the results of operations as they end.
 */
@Injectable({ providedIn: 'root' })
export class InstancesStore {
  private readonly api = inject(ManagerApi);
  private readonly list = signal<ClusterInstance[]>([]);
  /** Node states as last seen, for instances listed by an `instances` event. */
  private readonly nodeStates = new Map<string, NodeState>();

  readonly instances = this.list.asReadonly();
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
      const instances = await this.api.listInstances();
      for (const instance of instances) this.nodeStates.set(instance.nodeId, instance.nodeState);
      this.list.set([...instances].sort(inClusterOrder));
      this.loadError.set(null);
      this.loaded.set(true);
    } catch (error) {
      this.loadError.set(describeFailure(error));
    }
  }

  /**
   * An instance as it is now, under `previousName` until then (a rename). The
   * node's new list may have arrived first, already holding it.
   */
  replace(previousName: string, details: InstanceDetails): void {
    const { id, name, state, ipv4, limits, autostart, nodeId, nodeName, owner } = details;
    const nodeState = this.nodeStates.get(nodeId) ?? 'ACTIVE';
    const replaced = (instance: ClusterInstance) =>
      instance.nodeId === nodeId && (instance.name === previousName || instance.name === name);
    this.list.update((instances) => {
      const figures = figuresOf(instances.find(replaced), state);
      return [...instances.filter((instance) => !replaced(instance)), { id, name, state, ipv4, limits, autostart, owner, nodeId, nodeName, nodeState, ...figures }].sort(
        inClusterOrder,
      );
    });
  }

  /** What an operation that succeeded did: the instance as the node left it, or gone after a delete. */
  applyOutcome(operation: Operation): void {
    if (operation.status !== 'succeeded') return;
    if (operation.action === 'delete' && operation.nodeId !== null) this.remove(operation.nodeId, operation.instance);
    else if (operation.result) this.replace(operation.instance, operation.result);
  }

  private remove(nodeId: string, name: string): void {
    this.list.update((instances) => instances.filter((instance) => !(instance.nodeId === nodeId && instance.name === name)));
  }

  /**
   * The CPU and memory of a node's running instances from its latest poll. An
   * instance the poll has no figures for keeps its last ones while it runs.
   */
  private applyFigures(nodeId: string, figures: readonly RunningInstanceFigures[]): void {
    if (figures.length === 0) return;
    const byName = new Map(figures.map((entry) => [entry.name, entry]));
    this.list.update((instances) =>
      instances.map((instance) => {
        const now = instance.nodeId === nodeId && instance.state === 'RUNNING' ? byName.get(instance.name) : undefined;
        if (!now) return instance;
        const cpuPercent = now.cpuPercent ?? instance.cpuPercent;
        const memoryBytes = now.memoryBytes ?? instance.memoryBytes;
        return cpuPercent === instance.cpuPercent && memoryBytes === instance.memoryBytes ? instance : { ...instance, cpuPercent, memoryBytes };
      }),
    );
  }

  private apply(event: ManagerEvent): void {
    switch (event.type) {
      case 'instances': {
        const nodeState = this.nodeStates.get(event.nodeId) ?? 'ACTIVE';
        this.list.update((instances) => {
          const known = new Map(instances.filter((instance) => instance.nodeId === event.nodeId).map((instance) => [instance.name, instance]));
          const fresh = event.instances.map((instance) => ({
            ...instance,
            nodeId: event.nodeId,
            nodeName: event.nodeName,
            nodeState,
            ...figuresOf(known.get(instance.name), instance.state),
          }));
          return [...instances.filter((instance) => instance.nodeId !== event.nodeId), ...fresh].sort(inClusterOrder);
        });
        break;
      }
      case 'node-usage':
        this.applyFigures(event.node.id, event.instanceFigures);
        break;
      case 'node-state': {
        const { id, name, state } = event.node;
        this.nodeStates.set(id, state);
        this.list.update((instances) =>
          instances.map((instance) => (instance.nodeId === id ? { ...instance, nodeName: name, nodeState: state } : instance)),
        );
        break;
      }
      case 'operation':
        this.applyOutcome(event.operation);
        break;
      case 'node-removed':
        this.nodeStates.delete(event.nodeId);
        this.list.update((instances) => instances.filter((instance) => instance.nodeId !== event.nodeId));
        break;
      default:
        break;
    }
  }
}

/**
 * The live "instances" event carries no figures (they change at every poll and
 * would resend the list each time; each "node-usage" event brings them): an
 * instance keeps the ones last seen while it runs, and has none once it stopped.
 */
function figuresOf(previous: ClusterInstance | undefined, state: ClusterInstance['state']): Pick<ClusterInstance, 'cpuPercent' | 'memoryBytes'> {
  if (!previous || state !== 'RUNNING') return { cpuPercent: null, memoryBytes: null };
  return { cpuPercent: previous.cpuPercent, memoryBytes: previous.memoryBytes };
}
