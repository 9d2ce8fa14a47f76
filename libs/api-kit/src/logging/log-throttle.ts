export interface LogThrottleOptions {
  /** At most one line per key in this long. */
  windowMs: number;
  /**
   * Keys followed at once; past that, new keys share one window (and one line
   * per window), so that a client cycling through addresses bounds the log too.
   */
  maxKeys: number;
  /** Monotonic milliseconds: a board without a real-time clock jumps its wall clock at boot. */
  now?: () => number;
}

/** What to write, or null to hold the line back. */
export interface ThrottleDecision {
  /** Lines held back for this key (or for the shared keys) since the last one written. */
  suppressed: number;
  /** The key was not followed on its own: `suppressed` counts lines of other keys too. */
  shared: boolean;
}

/**
 * Lets through the first of many similar log lines per key and window (a
 * client address, say) and counts the rest, so that a scanning client cannot
 * flood the SD card; the count is written with that key's next line.
 */
export class LogThrottle {
  private readonly windows = new Map<string, { startedMs: number; suppressed: number }>();
  private readonly shared = { startedMs: Number.NEGATIVE_INFINITY, suppressed: 0 };
  private readonly now: () => number;

  constructor(private readonly options: LogThrottleOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  admit(key: string): ThrottleDecision | null {
    const now = this.now();
    const own = this.windows.get(key) ?? this.track(key, now);
    const window = own ?? this.shared;
    if (now - window.startedMs < this.options.windowMs) {
      window.suppressed += 1;
      return null;
    }
    const decision = { suppressed: window.suppressed, shared: own === undefined };
    window.startedMs = now;
    window.suppressed = 0;
    return decision;
  }

  /** A window for a new key, if there is room once finished windows are dropped (with their counts: their key went quiet). */
  private track(key: string, now: number): { startedMs: number; suppressed: number } | undefined {
    if (this.windows.size >= this.options.maxKeys) {
      for (const [known, window] of this.windows) {
        if (now - window.startedMs >= this.options.windowMs) this.windows.delete(known);
      }
    }
    if (this.windows.size >= this.options.maxKeys) return undefined;
    const window = { startedMs: Number.NEGATIVE_INFINITY, suppressed: 0 };
    this.windows.set(key, window);
    return window;
  }
}
