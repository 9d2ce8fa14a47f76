import { Ticker } from '../ticker.js';

/** A Ticker that fires only when the test says so. */
export class ManualTicker extends Ticker {
  private readonly callbacks = new Map<number, Set<() => void>>();

  override every(periodMs: number, callback: () => void): () => void {
    const set = this.callbacks.get(periodMs) ?? new Set();
    set.add(callback);
    this.callbacks.set(periodMs, set);
    return () => set.delete(callback);
  }

  /** Fires every callback registered with `periodMs`, as one beat of that period. */
  fire(periodMs: number): void {
    const set = this.callbacks.get(periodMs);
    if (!set || set.size === 0) throw new Error(`ManualTicker: nothing runs every ${periodMs} ms`);
    for (const callback of set) callback();
  }

  /** How many callbacks are registered (stopped ones are gone). */
  get registered(): number {
    return [...this.callbacks.values()].reduce((sum, set) => sum + set.size, 0);
  }
}
