import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventAction, EventResult, ManagerEventType, NodeState } from '@tinystack/contracts';
import type { ComputeInstance, ComputeUsage } from '@tinystack/compute-client';
import { Clock } from '../clock/clock.js';
import { toInstanceDto, toUsageDto } from '../compute/compute-dto.mapper.js';
import { describeNodeFailure } from '../compute/node-failure.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import type { PollOutcome } from '../polling/poll-outcome.js';
import { toNodeDto } from './node-dto.mapper.js';
import { NodeRegistry } from './node-registry.service.js';
import { afterPoll } from './node-state.machine.js';
import type { TrackedNode } from './tracked-node.js';

export interface ReachableOutcome {
  usage: ComputeUsage;
  instances: ComputeInstance[] | null;
  instancesError: string | null;
}

/**
 * Turns what the manager learns from a node (a poll, a registration, a refresh
 * after a change) into the node's state, its usage history and live events.
 */
@Injectable()
export class NodeMonitor {
  private readonly logger = new Logger('Nodes');

  constructor(
    private readonly registry: NodeRegistry,
    private readonly history: UsageHistoryService,
    private readonly bus: ManagerEventBus,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  applyPoll(node: TrackedNode, outcome: PollOutcome, latencyMs: number, instancesTicket: number): void {
    if (!this.registry.isCurrent(node)) return;
    const previousState = node.state;
    const previousError = node.lastError;
    const health = afterPoll(node, outcome.reachable, this.settings.NODE_UNREACHABLE_AFTER);
    node.state = health.state;
    node.consecutiveFailures = health.consecutiveFailures;
    if (outcome.reachable) {
      this.applyAnswer(node, outcome, latencyMs, instancesTicket);
    } else {
      node.lastError = outcome.error;
    }
    if (node.state !== previousState || node.lastError !== previousError) {
      this.publishState(node, previousState);
    }
    if (node.state !== previousState) this.logStateChange(node, previousState);
  }

  /** A node just registered: the checks made then count as its first poll. */
  applyRegistration(node: TrackedNode, outcome: ReachableOutcome, latencyMs: number): void {
    const previousState = node.state;
    node.state = NodeState.ACTIVE;
    this.applyAnswer(node, outcome, latencyMs, node.startInstanceRead());
    this.publishState(node, previousState);
  }

  /** Re-reads a node's instance list right after a change made through the manager. */
  async refreshInstances(node: TrackedNode): Promise<void> {
    const ticket = node.startInstanceRead();
    try {
      const instances = await node.client.listInstances({ timeoutMs: this.settings.POLL_TIMEOUT_MS });
      if (this.registry.isCurrent(node)) this.applyInstances(node, ticket, instances);
    } catch (error) {
      this.logger.warn(`Could not re-read the instances of "${node.name}" (the next poll will): ${describeNodeFailure(error)}`);
    }
  }

  private publishState(node: TrackedNode, previousState: NodeState): void {
    this.bus.publish(() => ({
      type: ManagerEventType.NODE_STATE,
      at: this.clock.now().toISOString(),
      previousState,
      node: toNodeDto(node),
    }));
  }

  private applyAnswer(node: TrackedNode, outcome: ReachableOutcome, latencyMs: number, instancesTicket: number): void {
    const at = this.clock.now();
    node.lastError = null;
    node.lastSeenAt = at;
    node.pollLatencyMs = Math.round(latencyMs * 10) / 10;
    node.usage = toUsageDto(outcome.usage);
    node.instancesError = outcome.instancesError;
    this.applyInstances(node, instancesTicket, outcome.instances);
    this.history.offer(node, node.usage, node.pollLatencyMs, at);
    this.bus.publish(() => ({ type: ManagerEventType.NODE_USAGE, at: at.toISOString(), node: toNodeDto(node) }));
  }

  private applyInstances(node: TrackedNode, ticket: number, instances: ComputeInstance[] | null): void {
    if (!node.acceptInstanceRead(ticket)) return;
    const list = instances?.map(toInstanceDto) ?? null;
    const changed = JSON.stringify(list) !== JSON.stringify(node.instances);
    node.instances = list;
    if (changed && list) {
      this.bus.publish(() => ({
        type: ManagerEventType.INSTANCES,
        at: this.clock.now().toISOString(),
        nodeId: node.id,
        nodeName: node.name,
        instances: list,
      }));
    }
  }

  private logStateChange(node: TrackedNode, previousState: NodeState): void {
    if (node.state === NodeState.UNREACHABLE) {
      this.eventLog.record({
        action: EventAction.NODE_STATE_CHANGED,
        result: EventResult.FAILURE,
        nodeId: node.id,
        nodeName: node.name,
        instance: null,
        message: `Node "${node.name}" is UNREACHABLE after ${node.consecutiveFailures} failed polls: ${node.lastError}`,
      });
    } else if (previousState === NodeState.UNREACHABLE) {
      this.eventLog.record({
        action: EventAction.NODE_STATE_CHANGED,
        result: EventResult.SUCCESS,
        nodeId: node.id,
        nodeName: node.name,
        instance: null,
        message: `Node "${node.name}" answers again and is ${node.state}`,
      });
    } else {
      this.logger.log(`Node "${node.name}" is ${node.state}`);
    }
  }
}
