import { roundToTenth } from './figure-rounding.js';
import { parseSignedInteger } from './proc-text.js';

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

/**
 * Highest zone temperature in °C with one decimal, from the texts of the zones'
 * `temp` files (millidegrees). Unreadable (null) or corrupt readings are skipped;
 * a disabled sensor can fail its read. Null when no zone gave a reading.
 */
export function highestTemperatureCelsius(zoneTemps: readonly (string | null)[]): number | null {
  let highest: number | null = null;
  for (const text of zoneTemps) {
    if (text === null) continue;
    const millidegrees = parseSignedInteger(text.trim());
    if (millidegrees !== null && (highest === null || millidegrees > highest)) highest = millidegrees;
  }
  return highest === null ? null : roundToTenth(highest / 1000);
}
