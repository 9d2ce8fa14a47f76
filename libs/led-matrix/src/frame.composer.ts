import { type Frame, FRAME_SIZE } from './frame.js';
import { type FrameInput, type LedScales, type ManagerLink, DEFAULT_LED_SCALES, MANAGER_LINK_STATES } from './frame-input.js';
import { barLength, barRow } from './led-bar.js';

/** Row 6: the heartbeat dot walks these columns, one step per tick. */
export const HEARTBEAT_COLUMNS = 6;
/** Row 6: steady when the sample is fresh, blinking when stale. */
export const FRESHNESS_COLUMN = 7;
/** Row 7: LEDs lit, from the left, while the manager link is active. */
export const MANAGER_ACTIVE_LENGTH = 4;
/** Row 7 when the join was refused and no manager polls: every other LED, steady (no bar looks like it). */
export const MANAGER_REFUSED_ROW = 0b01010101;
/**
 * The not-ready pattern's rows 1 to 5 (the CPU to IOPS rows): a checkerboard,
 * which no bar can look like. Row 0 shows the failed checks meanwhile.
 */
export const NOT_READY_ROWS: readonly number[] = Object.freeze([0b01010101, 0b10101010, 0b01010101, 0b10101010, 0b01010101]);
/** Redraws per phase of the not-ready alternation: two of figures, two of the pattern (1 s each at 500 ms). */
export const NOT_READY_PHASE_REDRAWS = 2;

const PERCENT_FULL_SCALE = 100;

/**
 * The frame for one redraw; see LED_ROW_LEGEND for what each row means. Bars grow
 * from the left. Blinking LEDs are lit on even ticks and dark on odd ones. A
 * board that is not ready alternates, two redraws each, between its figures
 * and the not-ready pattern: the failed checks on row 0, a checkerboard on
 * rows 1 to 5, the heartbeat and manager link rows as always.
 */
export function composeFrame(input: FrameInput, scales: LedScales = DEFAULT_LED_SCALES): Frame {
  assertScales(scales);
  if (!Number.isSafeInteger(input.tick)) {
    throw new RangeError(`tick must be an integer, got ${input.tick}`);
  }
  if (input.notReady === true && notReadyPhase(input.tick)) {
    const failed = input.failedChecks ?? 0;
    if (!Number.isInteger(failed) || failed < 0 || failed > 0xff) throw new RangeError(`failedChecks must be a bitmask 0..255, got ${failed}`);
    return [
      failed,
      ...NOT_READY_ROWS,
      heartbeatRow(input.tick, input.sampleFresh),
      managerLinkRow(input.managerLink, input.tick),
    ];
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
    case 'refused':
      return MANAGER_REFUSED_ROW;
    default:
      throw new RangeError(`managerLink must be one of ${MANAGER_LINK_STATES.join(', ')}, got ${String(link)}`);
  }
}

/** Whether this redraw shows the not-ready pattern rather than the figures. */
export function notReadyPhase(tick: number): boolean {
  return positiveModulo(Math.floor(tick / NOT_READY_PHASE_REDRAWS), 2) === 1;
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
