import { type Frame, FRAME_SIZE } from './frame.js';
import { type FrameInput, type LedScales, type ManagerLink, DEFAULT_LED_SCALES, MANAGER_LINK_STATES } from './frame-input.js';
import { barLength, barRow } from './led-bar.js';

/** Row 6: the heartbeat dot walks these columns, one step per tick. */
export const HEARTBEAT_COLUMNS = 6;
/** Row 6: steady when the sample is fresh, blinking when stale. */
export const FRESHNESS_COLUMN = 7;
/** Row 7: LEDs lit, from the left, while the manager link is active. */
export const MANAGER_ACTIVE_LENGTH = 4;

const PERCENT_FULL_SCALE = 100;

/**
 * The frame for one redraw; see LED_ROW_LEGEND for what each row means. Bars grow
 * from the left. Blinking LEDs are lit on even ticks and dark on odd ones.
 */
export function composeFrame(input: FrameInput, scales: LedScales = DEFAULT_LED_SCALES): Frame {
  assertScales(scales);
  if (!Number.isSafeInteger(input.tick)) {
    throw new RangeError(`tick must be an integer, got ${input.tick}`);
  }
  // In LED_ROWS order, top to bottom.
  return [
    barRow(containerCount(input.runningContainers)),
    barRow(barLength(input.cpuPercent, PERCENT_FULL_SCALE)),
    barRow(barLength(input.memoryPercent, PERCENT_FULL_SCALE)),
    barRow(barLength(input.networkTxBytesPerSecond, scales.networkBytesPerSecond)),
    barRow(barLength(input.networkRxBytesPerSecond, scales.networkBytesPerSecond)),
    barRow(barLength(input.iops, scales.iops)),
    heartbeatRow(input.tick, input.sampleFresh),
    managerLinkRow(input.managerLink, input.tick),
  ];
}

function containerCount(running: number): number {
  return running > 0 ? Math.min(FRAME_SIZE, Math.floor(running)) : 0;
}

function heartbeatRow(tick: number, sampleFresh: boolean): number {
  const dot = 1 << positiveModulo(tick, HEARTBEAT_COLUMNS);
  const freshness = sampleFresh || blinkPhaseOn(tick) ? 1 << FRESHNESS_COLUMN : 0;
  return dot | freshness;
}

function managerLinkRow(link: ManagerLink, tick: number): number {
  switch (link) {
    case 'active':
      return barRow(MANAGER_ACTIVE_LENGTH);
    case 'lost':
      return blinkPhaseOn(tick) ? barRow(1) : 0;
    case 'never':
      return 0;
    default:
      throw new RangeError(`managerLink must be one of ${MANAGER_LINK_STATES.join(', ')}, got ${String(link)}`);
  }
}

function blinkPhaseOn(tick: number): boolean {
  return positiveModulo(tick, 2) === 0;
}

function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

function assertScales(scales: LedScales): void {
  assertScale('networkBytesPerSecond', scales.networkBytesPerSecond);
  assertScale('iops', scales.iops);
}

function assertScale(name: keyof LedScales, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`LED scale ${name} must be a positive finite number, got ${value}`);
}
