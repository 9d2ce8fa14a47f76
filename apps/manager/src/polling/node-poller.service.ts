import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { performance } from 'node:perf_hooks';
import { ManagerSettings } from '../config/manager.settings.js';
import { NodeMonitor } from '../nodes/node-monitor.service.js';
import { NodeRegistry } from '../nodes/node-registry.service.js';
import type { TrackedNode } from '../nodes/tracked-node.js';
import { classifyPoll } from './poll-outcome.js';

export const NODE_POLLING_INTERVAL = 'node-polling';

/**
 * Every POLL_INTERVAL_MS, asks every node for its usage and instances, all
 * nodes at once, each call bounded by POLL_TIMEOUT_MS. A node whose previous
 * poll is still running is skipped, so a slow node never piles up requests
 * and never delays the others.
 */
@Injectable()
export class NodePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Polling');
  private stopped = false;

  constructor(
    private readonly registry: NodeRegistry,
    private readonly monitor: NodeMonitor,
    private readonly scheduler: SchedulerRegistry,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(NODE_POLLING_INTERVAL, setInterval(() => this.pollAll(), this.settings.POLL_INTERVAL_MS));
    // Nodes loaded from the database are PENDING: find out now rather than one interval later.
    this.pollAll();
  }

  /** Stops before the database closes; a poll still in flight then changes nothing. */
  onModuleDestroy(): void {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', NODE_POLLING_INTERVAL)) this.scheduler.deleteInterval(NODE_POLLING_INTERVAL);
  }

  pollAll(): void {
    for (const node of this.registry.all()) {
      if (!node.polling) void this.poll(node);
    }
  }

  private async poll(node: TrackedNode): Promise<void> {
    node.polling = true;
    const call = { timeoutMs: this.settings.POLL_TIMEOUT_MS };
    const instancesTicket = node.startInstanceRead();
    const started = performance.now();
    try {
      const [usage, instances] = await Promise.allSettled([node.client.usage(call), node.client.listInstances(call)]);
      if (this.stopped) return;
      this.monitor.applyPoll(node, classifyPoll(usage, instances), performance.now() - started, instancesTicket);
    } catch (error) {
      this.logger.error(`Poll of "${node.name}" could not be applied: ${(error as Error).stack ?? String(error)}`);
    } finally {
      node.polling = false;
    }
  }
}
