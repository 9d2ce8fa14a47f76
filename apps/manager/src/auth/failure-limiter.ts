/**
 * Counts failures per key (a username, a client address) over a sliding
 * window; once `limit` failures fall within it, the key must wait until the
 * oldest of them leaves the window. Memory is bounded: past `maxKeys`, keys
 * whose failures have all left the window are dropped, then the oldest ones.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: { limit: number; windowMs: number; maxKeys: number },
  ) {}

  /** Milliseconds the key must wait before its next attempt; 0 when it may try now. */
  waitMs(key: string, nowMs: number): number {
    const times = this.recent(key, nowMs);
    if (times.length < this.options.limit) return 0;
    return times[times.length - this.options.limit]! + this.options.windowMs - nowMs;
  }

  fail(key: string, nowMs: number): void {
    const times = this.recent(key, nowMs);
    times.push(nowMs);
    // Only the newest `limit` matter for the wait.
    if (times.length > this.options.limit) times.splice(0, times.length - this.options.limit);
    this.failures.delete(key);
    this.failures.set(key, times);
    if (this.failures.size > this.options.maxKeys) this.trim(nowMs);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    const times = this.failures.get(key) ?? [];
    const fresh = times.filter((time) => nowMs - time < this.options.windowMs);
    if (fresh.length === 0) this.failures.delete(key);
    return fresh;
  }

  private trim(nowMs: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((time) => nowMs - time >= this.options.windowMs)) this.failures.delete(key);
    }
    // Still too many: the keys that failed longest ago go first (the map keeps insertion order, refreshed by fail()).
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.options.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
