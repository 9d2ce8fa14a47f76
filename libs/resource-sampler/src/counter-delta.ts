/**
 * Kernel counters wrap (32-bit network counters on some drivers) or restart
 * (interface re-created, device re-attached); a negative difference is such an
 * event, not negative traffic, so it counts as 0.
 */
export function counterDelta(previous: number, current: number): number {
  return current > previous ? current - previous : 0;
}
