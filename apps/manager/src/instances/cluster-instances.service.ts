import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  EventAction,
  EventResult,
  InstanceAction,
  NodeState,
  type ClusterInstanceDetailsDto,
  type ClusterInstanceDto,
  type CreateClusterInstanceDto,
  type CreatedClusterInstanceDto,
  type InstanceActionDto,
  type PlacementDto,
} from '@tinystack/contracts';
import { ComputeNodeUnreachableError, type ComputeInstanceDetails } from '@tinystack/compute-client';
import { toInstanceDetailsDto } from '../compute/compute-dto.mapper.js';
import { toNodeOperationError } from '../compute/node-error.mapper.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { NodeMonitor } from '../nodes/node-monitor.service.js';
import { callNode, operableNode } from '../nodes/node-operations.js';
import { NodeRegistry } from '../nodes/node-registry.service.js';
import type { TrackedNode } from '../nodes/tracked-node.js';
import { PLACEMENT_FORMULA, rankForPlacement, type PlacementCandidate } from './placement.js';

const ACTIONS: Record<InstanceAction, { event: EventAction; done: string }> = {
  [InstanceAction.START]: { event: EventAction.INSTANCE_STARTED, done: 'Started' },
  [InstanceAction.STOP]: { event: EventAction.INSTANCE_STOPPED, done: 'Stopped' },
  [InstanceAction.RESTART]: { event: EventAction.INSTANCE_RESTARTED, done: 'Restarted' },
};

interface LoggedAction {
  action: EventAction;
  instance: string;
  /** What was tried, for a failure entry: 'create "web1"' */
  attempt: string;
}

/** Filled in by an action once it knows its node, so that its log entry names the node. */
interface ActionTarget {
  node?: TrackedNode;
}

/**
 * Instances anywhere in the cluster: lists come from the nodes' cached lists,
 * operations go to the node, every change is logged (done or refused), and a
 * change is followed at once by a re-read of that node's instance list so that
 * clients see it without waiting for a poll.
 */
@Injectable()
export class ClusterInstancesService {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly monitor: NodeMonitor,
    private readonly eventLog: EventLog,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  list(): ClusterInstanceDto[] {
    return this.registry
      .all()
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((node) =>
        (node.instances ?? []).map((instance) => ({ ...instance, nodeId: node.id, nodeName: node.name, nodeState: node.state })),
      );
  }

  create(request: CreateClusterInstanceDto): Promise<CreatedClusterInstanceDto> {
    const { nodeId, ...body } = request;
    const logged = { action: EventAction.INSTANCE_CREATED, instance: body.name, attempt: `create "${body.name}"` };
    return this.logged(logged, async (target) => {
      const { node, placement } = nodeId ? { node: operableNode(this.registry, nodeId), placement: null } : this.place();
      target.node = node;
      const created = await this.change(node, () =>
        node.client.createInstance(body, { timeoutMs: this.settings.NODE_CREATE_TIMEOUT_MS }),
      );
      const where = placement ? `, the least loaded node (score ${placement.candidates[0]!.score})` : '';
      return {
        result: { ...this.details(node, created), placement },
        message: `Created "${created.name}" (${created.state}) on "${node.name}"${where}`,
      };
    });
  }

  async get(nodeId: string, name: string): Promise<ClusterInstanceDetailsDto> {
    const node = operableNode(this.registry, nodeId);
    const details = await callNode(node, () => node.client.getInstance(name, { timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS }));
    return this.details(node, details);
  }

  act(nodeId: string, name: string, request: InstanceActionDto): Promise<ClusterInstanceDetailsDto> {
    const { event, done } = ACTIONS[request.action];
    // A stop waits up to timeoutSeconds on the node before killing: the manager waits that long too.
    const timeoutMs = this.settings.NODE_REQUEST_TIMEOUT_MS + (request.timeoutSeconds ?? 0) * 1000;
    return this.logged({ action: event, instance: name, attempt: `${request.action} "${name}"` }, async (target) => {
      const node = (target.node = operableNode(this.registry, nodeId));
      const details = await this.change(node, () => node.client.actOnInstance(name, request, { timeoutMs }));
      return { result: this.details(node, details), message: `${done} "${name}" on "${node.name}" (now ${details.state})` };
    });
  }

  rename(nodeId: string, name: string, newName: string): Promise<ClusterInstanceDetailsDto> {
    const logged = { action: EventAction.INSTANCE_RENAMED, instance: name, attempt: `rename "${name}" to "${newName}"` };
    return this.logged(logged, async (target) => {
      const node = (target.node = operableNode(this.registry, nodeId));
      const details = await this.change(node, () =>
        node.client.renameInstance(name, { name: newName }, { timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS }),
      );
      return { result: this.details(node, details), message: `Renamed "${name}" to "${newName}" on "${node.name}"` };
    });
  }

  remove(nodeId: string, name: string, force: boolean): Promise<void> {
    return this.logged({ action: EventAction.INSTANCE_DELETED, instance: name, attempt: `delete "${name}"` }, async (target) => {
      const node = (target.node = operableNode(this.registry, nodeId));
      await this.change(node, () => node.client.deleteInstance(name, { force }, { timeoutMs: this.settings.NODE_REQUEST_TIMEOUT_MS }));
      return { result: undefined, message: `Deleted "${name}" on "${node.name}"${force ? ' (forced)' : ''}` };
    });
  }

  /** The least loaded ACTIVE node that can run containers (PLACEMENT_FORMULA), or 503 saying why there is none. */
  private place(): { node: TrackedNode; placement: PlacementDto } {
    const nodes = this.registry.all();
    const candidates: PlacementCandidate[] = [];
    for (const node of nodes) {
      if (node.state !== NodeState.ACTIVE || !node.usage || !node.instances) continue;
      candidates.push({
        nodeId: node.id,
        nodeName: node.name,
        cpuPercent: node.usage.cpuPercent,
        memoryPercent: node.usage.memoryPercent,
        runningInstances: node.runningInstanceCount() ?? 0,
        totalInstances: node.instances.length,
      });
    }
    const ranked = rankForPlacement(candidates);
    if (ranked.length === 0) {
      const reasons = nodes.map((node) =>
        node.state !== NodeState.ACTIVE
          ? `"${node.name}" is ${node.state}`
          : `"${node.name}" cannot run instances: ${node.instancesError ?? 'its instance list is not known yet'}`,
      );
      throw new ServiceUnavailableException(
        nodes.length === 0
          ? 'No compute node is registered: register one with POST /api/nodes'
          : `No ACTIVE node can take the instance: ${reasons.join('; ')}`,
      );
    }
    return { node: this.registry.require(ranked[0]!.nodeId), placement: { formula: PLACEMENT_FORMULA, candidates: ranked } };
  }

  /**
   * Runs a change on a node; its failure becomes the caller's HTTP error. The
   * node's list is re-read either way (a refused or timed-out change may still
   * have changed something), unless the node could not be reached at all.
   */
  private async change<T>(node: TrackedNode, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      await this.monitor.refreshInstances(node);
      return result;
    } catch (error) {
      if (!(error instanceof ComputeNodeUnreachableError)) await this.monitor.refreshInstances(node);
      throw toNodeOperationError(error, node);
    }
  }

  /** Records the action in the event log, done or refused, with the reason the caller gets. */
  private async logged<T>(
    logged: LoggedAction,
    run: (target: ActionTarget) => Promise<{ result: T; message: string }>,
  ): Promise<T> {
    const target: ActionTarget = {};
    const entry = () => ({
      action: logged.action,
      instance: logged.instance,
      nodeId: target.node?.id ?? null,
      nodeName: target.node?.name ?? null,
    });
    try {
      const { result, message } = await run(target);
      this.eventLog.record({ ...entry(), result: EventResult.SUCCESS, message });
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.eventLog.record({ ...entry(), result: EventResult.FAILURE, message: `Could not ${logged.attempt}: ${reason}` });
      throw error;
    }
  }

  private details(node: TrackedNode, details: ComputeInstanceDetails): ClusterInstanceDetailsDto {
    return { ...toInstanceDetailsDto(details), nodeId: node.id, nodeName: node.name };
  }
}
