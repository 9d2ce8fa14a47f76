import { Injectable } from '@nestjs/common';
import type { ManagerLink } from '@tinystack/led-matrix';
import { LedClock } from './led.clock.js';

/**
 * Remembers when a manager last fetched this node's usage, for the LED row that
 * tells a person at the board whether the cluster still watches it.
 */
@Injectable()
export class ManagerPolls {
  private lastPollMs: number | null = null;

  constructor(private readonly clock: LedClock) {}

  recordPoll(): void {
    this.lastPollMs = this.clock.monotonicMs();
  }

  /** `active` while the last poll is younger than `timeoutMs` at `nowMs` (monotonic), `lost` after, `never` before the first. */
  link(timeoutMs: number, nowMs: number = this.clock.monotonicMs()): ManagerLink {
    if (this.lastPollMs === null) return 'never';
    return nowMs - this.lastPollMs < timeoutMs ? 'active' : 'lost';
  }
}
