/** The action lane as NodeDto.actions shows it. */
export interface LaneStats {
  running: number;
  queued: number;
  /** How long the oldest waiting task has waited; null when none waits. */
  oldestQueuedMs: number | null;
}

interface Waiting {
  keys: readonly string[];
  since: number;
  start: () => void;
}

/**
 * A node's changes, at most `concurrency` at once, first come first served;
 * two tasks that share a key (an instance name) never run together, so that
 * the manager never makes a node wait on its own lock for another of the
 * manager's changes. A task holds its place for its whole run, re-reads after
 * a lost answer included.
 */
export class ActionLane {
  private readonly waiting: Waiting[] = [];
  private readonly busyKeys = new Set<string>();
  private running = 0;

  constructor(
    private readonly concurrency: number,
    private readonly now: () => number,
  ) {}

  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        keys,
        since: this.now(),
        start: () => {
          this.running += 1;
          for (const key of keys) this.busyKeys.add(key);
          task()
            .then(resolve, reject)
            .finally(() => {
              this.running -= 1;
              for (const key of keys) this.busyKeys.delete(key);
              this.next();
            });
        },
      });
      this.next();
    });
  }

  stats(): LaneStats {
    const oldest = this.waiting[0];
    return {
      running: this.running,
      queued: this.waiting.length,
      oldestQueuedMs: oldest ? Math.max(0, this.now() - oldest.since) : null,
    };
  }

  private next(): void {
    for (let index = 0; index < this.waiting.length && this.running < this.concurrency; ) {
      const candidate = this.waiting[index]!;
      if (candidate.keys.some((key) => this.busyKeys.has(key))) {
        index += 1;
        continue;
      }
      this.waiting.splice(index, 1);
      candidate.start();
    }
  }
}
