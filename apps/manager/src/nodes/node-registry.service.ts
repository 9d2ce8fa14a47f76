import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { UsageHistoryRepository } from '../history/usage-history.repository.js';
import type { NodeRecord } from './node-record.js';
import { NodeRepository } from './node.repository.js';
import { TrackedNode } from './tracked-node.js';

/**
 * The registered nodes, loaded from the database at start-up (PENDING until
 * their first poll) and kept in memory: requests read this, never the nodes.
 */
@Injectable()
export class NodeRegistry implements OnModuleInit {
  private readonly nodes = new Map<string, TrackedNode>();

  constructor(
    private readonly repository: NodeRepository,
    private readonly history: UsageHistoryRepository,
    private readonly clients: ComputeClientFactory,
  ) {}

  onModuleInit(): void {
    const newest = this.history.newestTimes();
    for (const record of this.repository.list()) {
      const seen = newest.get(record.id) ?? null;
      this.nodes.set(record.id, new TrackedNode(record, this.clients.create(record.url, record.token), seen, seen));
    }
  }

  all(): TrackedNode[] {
    return [...this.nodes.values()];
  }

  find(id: string): TrackedNode | undefined {
    return this.nodes.get(id);
  }

  /** The node, or a 404 that says no such node is registered. */
  require(id: string): TrackedNode {
    const node = this.nodes.get(id);
    if (!node) throw new NotFoundException(`No node with id "${id}" is registered`);
    return node;
  }

  findByUrl(url: string): TrackedNode | undefined {
    return this.all().find((node) => node.url === url);
  }

  findByName(name: string): TrackedNode | undefined {
    return this.all().find((node) => node.name === name);
  }

  /** True while `node` is still registered (a poll may finish after its node was removed). */
  isCurrent(node: TrackedNode): boolean {
    return this.nodes.get(node.id) === node;
  }

  /** Stores the node first: a DuplicateNodeError from the repository leaves memory unchanged. */
  add(record: NodeRecord): TrackedNode {
    this.repository.insert(record);
    const node = new TrackedNode(record, this.clients.create(record.url, record.token), null, null);
    this.nodes.set(record.id, node);
    return node;
  }

  remove(id: string): TrackedNode {
    const node = this.require(id);
    this.repository.remove(id);
    this.nodes.delete(id);
    return node;
  }
}
