import { counterDelta } from './counter-delta.js';
import { toPercent } from './figure-rounding.js';
import { counterIn, lineEnd, skipBlanks, tokenEnd, type ProcText } from './proc-text.js';

export const PROC_STAT_PATH = '/proc/stat';

/** Jiffies of all cores together since boot, folded into the two sums the CPU figure needs. */
export interface CpuTimes {
  /** user + nice + system + irq + softirq + steal */
  busy: number;
  /** idle + iowait */
  idle: number;
}

// Column order of the `cpu` line after the label. guest and guest_nice (columns
// 9 and 10) are left out on purpose: the kernel already counts them inside user
// and nice, adding them would count guest time twice.
const USER = 0;
const NICE = 1;
const SYSTEM = 2;
const IDLE = 3;
const IOWAIT = 4;
const IRQ = 5;
const SOFTIRQ = 6;
const STEAL = 7;
const COLUMNS_READ = 8;
/** user nice system idle: present on every kernel; later columns appeared over time (steal in 2.6.11). */
const COLUMNS_REQUIRED = 4;

const C = 99;
const P = 112;
const U = 117;

/** Reused by every parse: columns an old kernel does not print stay 0. */
const columns = new Float64Array(COLUMNS_READ);

/**
 * Reads the aggregate `cpu` line of /proc/stat (the first line on every
 * kernel, so the scan stops there); null when it is absent or corrupt.
 */
export function parseCpuTimes(text: ProcText): CpuTimes | null {
  const { bytes } = text;
  const end = Math.max(0, text.length);
  for (let line = 0; line < end; ) {
    const stop = lineEnd(bytes, line, end);
    // Only the aggregate line starts with "cpu" followed by a blank; per-core lines are "cpu0", "cpu1"...
    if (stop - line > 3 && bytes[line] === C && bytes[line + 1] === P && bytes[line + 2] === U && (bytes[line + 3] === 32 || bytes[line + 3] === 9)) {
      return parseCpuColumns(bytes, line + 3, stop);
    }
    line = stop + 1;
  }
  return null;
}

function parseCpuColumns(bytes: Buffer, from: number, stop: number): CpuTimes | null {
  columns.fill(0);
  let read = 0;
  for (let at = skipBlanks(bytes, from, stop); at < stop && read < COLUMNS_READ; at = skipBlanks(bytes, at, stop)) {
    const to = tokenEnd(bytes, at, stop);
    const value = counterIn(bytes, at, to);
    if (Number.isNaN(value)) return null;
    columns[read++] = value;
    at = to;
  }
  if (read < COLUMNS_REQUIRED) return null;
  return {
    busy: columns[USER]! + columns[NICE]! + columns[SYSTEM]! + columns[IRQ]! + columns[SOFTIRQ]! + columns[STEAL]!,
    idle: columns[IDLE]! + columns[IOWAIT]!,
  };
}

/** Busy share of all CPU time between two readings, 0..100 with one decimal. */
export function cpuPercent(previous: CpuTimes, current: CpuTimes): number {
  const busy = counterDelta(previous.busy, current.busy);
  // iowait is known to step backwards on some kernels; clamping keeps the total sane.
  const idle = counterDelta(previous.idle, current.idle);
  return toPercent(busy, busy + idle);
}
