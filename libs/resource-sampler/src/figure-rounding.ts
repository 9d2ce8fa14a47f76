export function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** part / whole as 0..100 with one decimal; 0 when whole is 0 (no data yet, or no time elapsed). */
export function toPercent(part: number, whole: number): number {
  if (!(whole > 0) || !(part > 0)) return 0;
  return roundToTenth(Math.min(100, (part / whole) * 100));
}

/** Non-negative rate; 0 when no time has elapsed (a reading twice in the same millisecond). */
export function perSecond(delta: number, elapsedSeconds: number): number {
  if (!(elapsedSeconds > 0) || !(delta > 0)) return 0;
  return delta / elapsedSeconds;
}
