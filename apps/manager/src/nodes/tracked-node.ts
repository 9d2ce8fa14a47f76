import { InstanceState, NodeState, type InstanceDto, type UsageDto } from '@tinystack/contracts';
import type { ComputeClient } from '@tinystack/compute-client';
import type { NodeRecord } from './node-record.js';

/** A registered node with everything the manager knows of it right now (memory only). */
export class TrackedNode {
  state = NodeState.PENDING;
  consecutiveFailures = 0;
  lastError: string | null = null;
  pollLatencyMs: number | null = null;
  usage: UsageDto | null = null;
  /** null: not known (never listed, or the node cannot list: see instancesError). */
  instances: InstanceDto[] | null = null;
  instancesError: string | null = null;
  /** A poll is in flight; the next tick skips this node rather than overlap it. */
  polling = false;
  private issuedInstanceReads = 0;
  private appliedInstanceRead = 0;

  constructor(
    readonly record: NodeRecord,
    readonly client: ComputeClient,
    public lastSeenAt: Date | null,
    /** When the last usage point of this node was stored. */
    public lastHistoryAt: Date | null,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get name(): string {
    return this.record.name;
  }

  get url(): string {
    return this.record.url;
  }

  /**
   * Numbers a read of the instance list before it is sent. A poll and a
   * refresh after a change can be in flight together; the one sent later wins.
   */
  startInstanceRead(): number {
    this.issuedInstanceReads += 1;
    return this.issuedInstanceReads;
  }

  /** True when no read sent later has been applied already; marks this one applied. */
  acceptInstanceRead(ticket: number): boolean {
    if (ticket <= this.appliedInstanceRead) return false;
    this.appliedInstanceRead = ticket;
    return true;
  }

  runningInstanceCount(): number | null {
    return this.instances ? this.instances.filter((instance) => instance.state === InstanceState.RUNNING).length : null;
  }
}
