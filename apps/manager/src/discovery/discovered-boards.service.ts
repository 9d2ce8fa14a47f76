import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { DiscoveredBoardDto } from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { boardsIn, TINYSTACK_SERVICE, type HeardBoard } from './dns-sd-boards.js';
import { MdnsBrowser } from './mdns-browser.js';

/** A board not heard for this long is forgotten (the boards' records live 120 s; this allows for a few lost queries). */
export const DISCOVERED_FORGET_MS = 5 * 60_000;
/** Boards kept at once: a LAN could announce any number. */
const MAX_DISCOVERED = 500;

interface Discovered extends Omit<HeardBoard, 'ttl'> {
  lastSeenAt: Date;
}

/**
 * The boards the manager hears on the LAN (mDNS/DNS-SD `_tinystack._tcp`):
 * it asks every DISCOVERY_INTERVAL_MS and listens to their announcements.
 * DISCOVERY_ENABLED=false turns it off; a socket that cannot be opened turns
 * it off with one log line.
 */
@Injectable()
export class DiscoveredBoards implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Discovery');
  private readonly heard = new Map<string, Discovered>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly browser: MdnsBrowser,
    private readonly registry: BoardRegistry,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.DISCOVERY_ENABLED) return;
    try {
      await this.browser.open((records) => this.hear(records));
    } catch (error) {
      this.logger.warn(`Boards on the LAN are not discovered: the mDNS socket (UDP 5353) cannot be opened (${(error as Error).message})`);
      return;
    }
    this.running = true;
    this.ask();
    this.timer = setInterval(() => this.ask(), this.settings.DISCOVERY_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.running = false;
    await this.browser.close();
  }

  /** Whether the manager is listening (DISCOVERY_ENABLED and the socket opened). */
  get enabled(): boolean {
    return this.running;
  }

  /** The boards heard lately that are not registered: "waiting to be added", by label. */
  waiting(): DiscoveredBoardDto[] {
    this.forgetSilent();
    return [...this.heard.values()]
      .filter((board) => !this.registry.findByComputeId(board.computeId))
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((board) => ({ ...board, addresses: [...board.addresses], lastSeenAt: board.lastSeenAt.toISOString() }));
  }

  find(computeId: string): Discovered | undefined {
    this.forgetSilent();
    return this.heard.get(computeId.toLowerCase());
  }

  private ask(): void {
    this.forgetSilent();
    this.browser.query(TINYSTACK_SERVICE).catch((error: Error) => this.logger.debug(`mDNS query not sent: ${error.message}`));
  }

  private hear(records: Parameters<typeof boardsIn>[0]): void {
    const now = this.clock.now();
    for (const { ttl, ...board } of boardsIn(records)) {
      if (ttl === 0) {
        this.heard.delete(board.computeId);
        continue;
      }
      if (!this.heard.has(board.computeId) && this.heard.size >= MAX_DISCOVERED) continue;
      const known = this.heard.get(board.computeId);
      // A board answers once per interface: its addresses are all of those heard lately.
      const addresses = [...new Set([...board.addresses, ...(known?.addresses ?? [])])].slice(0, 16);
      if (!known) this.logger.log(`Heard the board "${board.label}" (compute id ${board.computeId}) at ${addresses.join(', ') || 'no address'}:${board.port}`);
      this.heard.set(board.computeId, { ...board, addresses, lastSeenAt: now });
    }
  }

  private forgetSilent(): void {
    const cutoff = this.clock.now().getTime() - DISCOVERED_FORGET_MS;
    for (const [id, board] of this.heard) if (board.lastSeenAt.getTime() < cutoff) this.heard.delete(id);
  }
}
