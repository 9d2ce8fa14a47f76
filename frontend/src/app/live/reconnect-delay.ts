/** Waits before the n-th reconnect in a row (0-based): quick at first, then every 30 s at most. */
const DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export function reconnectDelayMs(attempt: number): number {
  return DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)]!;
}
