/**
 * Time as the sampler needs it. A port so tests can step time exactly.
 */
export abstract class SamplerClock {
  /** Wall-clock time, stamped on samples. */
  abstract now(): Date;
  /**
   * Milliseconds from a monotonic source, for elapsed time between readings.
   * A board without a real-time clock jumps its wall clock when NTP syncs after
   * boot; rates computed from wall time would spike or go negative then.
   */
  abstract monotonicMs(): number;
  abstract delay(ms: number): Promise<void>;
  /**
   * Calls `callback` every `periodMs` until the answered function is called,
   * without keeping the process alive. An app may share one timer between
   * several periodic tasks here (each wake-up of an idle board costs more than a reading).
   */
  abstract every(periodMs: number, callback: () => void): () => void;
}
