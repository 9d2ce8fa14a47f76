import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import {
  LxcDriver,
  LxcUnavailableError,
  type ContainerSummary,
  type InterruptedChange,
  type LxcAvailability,
} from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';
import { Ticker } from '../timing/ticker.js';
import { InstanceLocks } from './instance-locks.js';

export interface InventoryCounts {
  running: number;
  total: number;
}

/** Even when the lxcpath looks unchanged, the list is read in full this often (addresses, freezes). */
export const FULL_READ_EVERY_MS = 300_000;

/** States a container passes through: the list is read in full until it has left them. */
const SETTLED_STATES: ReadonlySet<ContainerSummary['state']> = new Set(['STOPPED', 'RUNNING', 'FROZEN']);

/**
 * The node's container list, kept up to date so that usage figures, the LED
 * matrix and list requests never spawn LXC tools per request. It is read in
 * full (lxc-ls) right after every change made through the API. Every
 * INVENTORY_INTERVAL_MS it takes a cheap look instead (the driver's listing
 * fingerprint: the lxcpath's folders and the containers' command sockets, no
 * program run), and reads in full only when that look changed, when a
 * container is in a passing state or running without an address yet, or
 * FULL_READ_EVERY_MS after the last full read. Changes made outside the API
 * (lxc-start in a shell) are so seen within INVENTORY_INTERVAL_MS. An
 * instance whose create is in progress is not in the list until it is done.
 */
@Injectable()
export class InstanceInventory implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InstanceInventory.name);
  private containers: ContainerSummary[] = [];
  private running = 0;
  private lastFingerprint: string | null = null;
  private lastFullReadMs = Number.NEGATIVE_INFINITY;
  private looking = false;
  private availability: LxcAvailability = { available: false, version: null, reason: 'LXC not checked yet' };
  private stopTimer?: () => void;
  private refreshing?: Promise<void>;
  private queuedRefresh?: Promise<void>;
  private readonly changes = new Subject<ContainerSummary[]>();
  /** Bumped by every change the API makes, so a list read that began before it is not applied. */
  private changesRecorded = 0;

  constructor(
    private readonly driver: LxcDriver,
    private readonly locks: InstanceLocks,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
    private readonly ticker: Ticker,
  ) {}

  async onModuleInit(): Promise<void> {
    this.availability = await this.driver.checkAvailability();
    if (!this.availability.available) {
      this.logger.warn(`LXC is not usable on this node: ${this.availability.reason}`);
    } else {
      // Before the first list: a container an interrupted create left behind is never shown.
      const interrupted = await this.driver.finishInterruptedChanges();
      const describe = (changes: InterruptedChange[]) =>
        changes.map((change) => `"${change.name}" ${change.outcome}`).join('; ');
      const repaired = interrupted.filter((change) => change.repaired);
      const failed = interrupted.filter((change) => !change.repaired);
      if (repaired.length > 0) this.logger.warn(`Finished changes a crash interrupted: ${describe(repaired)}`);
      if (failed.length > 0) this.logger.error(`Could not finish changes a crash interrupted: ${describe(failed)}`);
    }
    await this.refresh();
    this.stopTimer = this.ticker.every(this.settings.INVENTORY_INTERVAL_MS, () => void this.look());
  }

  onModuleDestroy(): void {
    this.stopTimer?.();
    this.changes.complete();
  }

  /** Emits the new list whenever it differs from the previous one. */
  get changes$(): Observable<ContainerSummary[]> {
    return this.changes.asObservable();
  }

  lxcStatus(): LxcAvailability {
    return this.availability;
  }

  /** Asks LXC again whether it is usable (the readiness checks do, now and then); a change is read at once. */
  async recheckAvailability(): Promise<LxcAvailability> {
    const wasAvailable = this.availability.available;
    this.availability = await this.driver.checkAvailability();
    if (this.availability.available !== wasAvailable) void this.refresh();
    return this.availability;
  }

  /** The cached list; throws LxcUnavailableError when LXC cannot be used. */
  list(): ContainerSummary[] {
    this.assertLxcAvailable();
    return this.containers;
  }

  assertLxcAvailable(): void {
    if (!this.availability.available) {
      throw new LxcUnavailableError(this.availability.reason ?? 'LXC is not available on this node');
    }
  }

  /**
   * Whether a create of `name` is in progress and the list did not have it
   * before (a create refused because the name is taken hides nothing).
   */
  isBeingCreated(name: string): boolean {
    return this.locks.isBeingCreated(name) && !this.containers.some((known) => known.name === name);
  }

  counts(): InventoryCounts {
    return { running: this.running, total: this.containers.length };
  }

  /** The number of running containers (the LED matrix asks twice a second). */
  runningCount(): number {
    return this.running;
  }

  /** The timer's cheap look: a full read only when something may have changed. */
  private async look(): Promise<void> {
    if (this.looking) return;
    this.looking = true;
    try {
      let fingerprint: string | null = null;
      if (this.availability.available) {
        fingerprint = await this.driver.listingFingerprint().catch((error: unknown) => {
          this.logger.warn(`Could not look at the lxcpath: ${(error as Error).message}`);
          return null;
        });
      }
      const unchanged = fingerprint !== null && fingerprint === this.lastFingerprint;
      if (unchanged && !this.unsettled() && performance.now() - this.lastFullReadMs < FULL_READ_EVERY_MS) return;
      await this.refresh();
      // What the next look compares with: taken before the read, so a change made during it is read again.
      this.lastFingerprint = fingerprint;
    } finally {
      this.looking = false;
    }
  }

  /** A container in a passing state, or running without an address yet (its DHCP lease is coming). */
  private unsettled(): boolean {
    return this.containers.some((container) => !SETTLED_STATES.has(container.state) || (container.state === 'RUNNING' && container.ipv4.length === 0));
  }

  /**
   * Re-reads the list. A caller arriving during a read gets a read that starts
   * after it, so a change it just made is always seen; such callers share one.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.queuedRefresh ??= this.refreshing.then(() => {
        this.queuedRefresh = undefined;
        return this.refresh();
      });
      return this.queuedRefresh;
    }
    this.refreshing = this.read().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Applies a change the API just made, without waiting for the next list read. */
  record(container: ContainerSummary): void {
    this.changesRecorded += 1;
    const others = this.containers.filter((known) => known.name !== container.name);
    const summary = { name: container.name, state: container.state, ipv4: container.ipv4 };
    this.update([...others, summary].sort((a, b) => a.name.localeCompare(b.name)));
  }

  forget(name: string): void {
    this.changesRecorded += 1;
    this.update(this.containers.filter((known) => known.name !== name));
  }

  private async read(): Promise<void> {
    const changesBefore = this.changesRecorded;
    this.lastFullReadMs = performance.now();
    try {
      const containers = await this.driver.list();
      // Older than a change recorded meanwhile; the refresh queued after that change will follow.
      if (changesBefore !== this.changesRecorded) return;
      if (!this.availability.available) this.availability = await this.driver.checkAvailability();
      this.update(containers.filter((container) => !this.isBeingCreated(container.name)));
    } catch (error) {
      if (error instanceof LxcUnavailableError) {
        this.availability = { available: false, version: null, reason: error.message };
        this.update([]);
      } else {
        this.logger.warn(`Could not list containers: ${(error as Error).message}`);
      }
    }
  }

  private update(containers: ContainerSummary[]): void {
    const changed = JSON.stringify(containers) !== JSON.stringify(this.containers);
    this.containers = containers;
    this.running = containers.filter((container) => container.state === 'RUNNING').length;
    if (changed) this.changes.next(containers);
  }
}
