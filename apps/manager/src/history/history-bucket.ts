/**
 * One usage point per node per HISTORY_INTERVAL_MS: a point is stored when
 * `now` falls in a later interval-aligned slot than the last stored one, so
 * points stay evenly spaced whatever the poll timing.
 */
export function startsNewHistorySlot(lastStored: Date | null, now: Date, intervalMs: number): boolean {
  if (!lastStored) return true;
  return Math.floor(now.getTime() / intervalMs) > Math.floor(lastStored.getTime() / intervalMs);
}
