import { roundToTenth } from './figure-rounding.js';
import { signedIntegerIn, skipBlanks, tokenEnd, type ProcText } from './proc-text.js';

export const THERMAL_DIRECTORY = '/sys/class/thermal';
const ZONE_PREFIX = 'thermal_zone';

/** Paths of the `temp` files of the thermal zones in a listing of /sys/class/thermal (cooling_device* left out). */
export function thermalZoneTempPaths(thermalEntries: readonly string[]): string[] {
  const paths: string[] = [];
  for (const entry of thermalEntries) {
    if (entry.startsWith(ZONE_PREFIX)) paths.push(`${THERMAL_DIRECTORY}/${entry}/temp`);
  }
  return paths;
}

/** A zone's reading in millidegrees from the text of its `temp` file; NaN when unreadable or corrupt. */
export function zoneMillidegrees(text: ProcText): number {
  if (!text.readable) return Number.NaN;
  const from = skipBlanks(text.bytes, 0, text.length);
  return signedIntegerIn(text.bytes, from, tokenEnd(text.bytes, from, text.length));
}

/**
 * Highest zone temperature in °C with one decimal, from the zones' readings in
 * millidegrees. Unreadable or corrupt readings (NaN) are skipped; a disabled
 * sensor can fail its read. Null when no zone gave a reading.
 */
export function highestTemperatureCelsius(zoneMillidegrees: ArrayLike<number>, count = zoneMillidegrees.length): number | null {
  let highest = Number.NaN;
  for (let zone = 0; zone < count; zone++) {
    const millidegrees = zoneMillidegrees[zone]!;
    if (!Number.isNaN(millidegrees) && (Number.isNaN(highest) || millidegrees > highest)) highest = millidegrees;
  }
  return Number.isNaN(highest) ? null : roundToTenth(highest / 1000);
}
