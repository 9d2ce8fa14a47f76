import { FRAME_SIZE } from './frame.js';

/*
 * Figures computed as ratios (3/8 of a CPU is 37.50000000000001 %) would light one
 * LED too many if rounded up exactly; this tolerance absorbs that float noise.
 */
const FLOAT_NOISE = 1e-9;

/**
 * How many LEDs (0..8) a bar shows for `value` against `fullScale`: one LED per
 * eighth of full scale, rounded up so that any value above zero lights at least one;
 * at or beyond full scale all eight. NaN, zero and negative values light none.
 */
export function barLength(value: number, fullScale: number): number {
  if (!(fullScale > 0) || !Number.isFinite(fullScale)) {
    throw new RangeError(`Full scale must be a positive finite number, got ${fullScale}`);
  }
  if (!(value > 0)) {
    return 0;
  }
  const eighths = Math.ceil((value * FRAME_SIZE) / fullScale - FLOAT_NOISE);
  return Math.min(FRAME_SIZE, Math.max(1, eighths));
}

/** A row with the `length` leftmost LEDs lit. */
export function barRow(length: number): number {
  if (!Number.isInteger(length) || length < 0 || length > FRAME_SIZE) {
    throw new RangeError(`A bar is 0..${FRAME_SIZE} LEDs long, got ${length}`);
  }
  return (1 << length) - 1;
}
