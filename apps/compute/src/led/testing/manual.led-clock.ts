import { LedClock } from '../led.clock.js';

/** A clock that moves only when told. */
export class ManualLedClock extends LedClock {
  private elapsedMs = 0;

  constructor(
    private readonly wallStart = new Date('2025-11-25T12:00:00.000Z'),
    private readonly monotonicStart = 50_000,
  ) {
    super();
  }

  advance(ms: number): void {
    this.elapsedMs += ms;
  }

  override monotonicMs(): number {
    return this.monotonicStart + this.elapsedMs;
  }

  override now(): Date {
    return new Date(this.wallStart.getTime() + this.elapsedMs);
  }
}
