/**
 * Kernel counters wrap (32-bit network counters on some drivers) or restart
 * (interface re-created, device re-attached); a negative difference is such an
 * event, not negative traffic, so it counts as 0.
 */
export function counterDelta(previous: number, current: number): number {
  return current > previous ? current - previous : 0;
}

/**
 * Sum of per-name deltas. A name seen in only one snapshot has no baseline
 * (a container's veth appeared, a USB disk was plugged in) and contributes 0.
 * Deltas are taken per name so a reset on one device does not cancel another's growth.
 */
export function summedDelta(
  previous: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): number {
  let sum = 0;
  for (const [name, value] of current) {
    const before = previous.get(name);
    if (before !== undefined) sum += counterDelta(before, value);
  }
  return sum;
}
