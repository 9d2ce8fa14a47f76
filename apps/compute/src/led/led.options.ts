import type { LedScales, MatrixMounting } from '@tinystack/led-matrix';
import type { ComputeSettings } from '../config/compute.settings.js';

/** Injection token of the LED display's options. */
export const LED_OPTIONS = Symbol('LED_OPTIONS');

/** A sample the display has seen for longer than this many sample intervals counts as stale. */
export const SAMPLE_FRESH_INTERVALS = 3;

export interface LedOptions {
  /** false: the I2C bus is never touched. */
  enabled: boolean;
  busNumber: number;
  address: number;
  /** At start-up; PUT /led changes it until the next restart. */
  brightness: number;
  mounting: MatrixMounting;
  scales: LedScales;
  intervalMs: number;
  retryMs: number;
  managerTimeoutMs: number;
  /** The bars are stale once the latest sample has been the latest for this long. */
  sampleFreshMs: number;
}

export function ledOptionsFrom(settings: ComputeSettings): LedOptions {
  return {
    enabled: settings.LED_ENABLED,
    busNumber: settings.I2C_BUS,
    address: settings.LED_ADDRESS,
    brightness: settings.LED_BRIGHTNESS,
    mounting: { layout: settings.LED_LAYOUT, rotation: settings.LED_ROTATION, mirror: settings.LED_MIRROR },
    scales: { networkBytesPerSecond: settings.LED_NETWORK_FULL_SCALE_BPS, iops: settings.LED_IOPS_FULL_SCALE },
    intervalMs: settings.LED_INTERVAL_MS,
    retryMs: settings.LED_RETRY_MS,
    managerTimeoutMs: settings.LED_MANAGER_TIMEOUT_MS,
    sampleFreshMs: SAMPLE_FRESH_INTERVALS * settings.SAMPLE_INTERVAL_MS,
  };
}
