import { SamplerClock } from '../sampler-clock.js';

/**
 * Clock that moves only when told. delay() is strict: each call must have been
 * announced with expectDelay(), whose callback runs while the caller waits.
 */
export class ManualSamplerClock extends SamplerClock {
  readonly unexpectedDelays: number[] = [];
  private elapsedMs = 0;
  private readonly expectedDelays: { ms: number; whileWaiting: () => void }[] = [];

  constructor(
    private readonly wallStart = new Date('2025-11-25T12:00:00.000Z'),
    private readonly monotonicStart = 73_000,
  ) {
    super();
  }

  advance(ms: number): void {
    this.elapsedMs += ms;
  }

  expectDelay(ms: number, whileWaiting: () => void = () => undefined): void {
    this.expectedDelays.push({ ms, whileWaiting });
  }

  override now(): Date {
    return new Date(this.wallStart.getTime() + this.elapsedMs);
  }

  override monotonicMs(): number {
    return this.monotonicStart + this.elapsedMs;
  }

  /** On the test's (fake) timers, like SystemSamplerClock. */
  override every(periodMs: number, callback: () => void): () => void {
    const timer = setInterval(callback, periodMs);
    return () => clearInterval(timer);
  }

  override async delay(ms: number): Promise<void> {
    const expected = this.expectedDelays.shift();
    if (expected === undefined || expected.ms !== ms) {
      this.unexpectedDelays.push(ms);
      throw new Error(`ManualSamplerClock: unexpected delay(${ms})`);
    }
    this.advance(ms);
    expected.whileWaiting();
  }
}
