/**
 * Runs tasks one at a time per key (per container name), in arrival order;
 * different keys run in parallel.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Holds every key at once; keys are taken in sorted order so two callers never deadlock. */
  async runExclusive<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const previous = sorted.map((key) => this.tails.get(key) ?? Promise.resolve());
    const run = Promise.allSettled(previous).then(task);
    const tail = run.catch(() => undefined);
    for (const key of sorted) this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      for (const key of sorted) {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      }
    }
  }
}
