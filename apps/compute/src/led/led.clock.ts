/**
 * Time as the LED display needs it. A port so tests can step time exactly.
 * Ages (sample freshness, manager polls, retries) use the monotonic source: a
 * board without a real-time clock jumps its wall clock when NTP syncs after boot.
 */
export abstract class LedClock {
  /** Milliseconds from a monotonic source, for ages and deadlines. */
  abstract monotonicMs(): number;
  /** Wall-clock time, for timestamps people read. */
  abstract now(): Date;
}
