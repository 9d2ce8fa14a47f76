import { counterDelta } from './counter-delta.js';
import { toPercent } from './figure-rounding.js';
import { parseCounter, splitFields } from './proc-text.js';

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

/** Reads the aggregate `cpu` line of /proc/stat; null when it is absent or corrupt. */
export function parseCpuTimes(procStat: string): CpuTimes | null {
  for (const line of procStat.split('\n')) {
    // Only the aggregate line starts with "cpu" followed by whitespace; per-core lines are "cpu0", "cpu1"...
    if (!line.startsWith('cpu') || (line[3] !== ' ' && line[3] !== '\t')) continue;
    return parseCpuColumns(splitFields(line).slice(1, 1 + COLUMNS_READ));
  }
  return null;
}

function parseCpuColumns(tokens: string[]): CpuTimes | null {
  if (tokens.length < COLUMNS_REQUIRED) return null;
  const columns: number[] = [];
  for (const token of tokens) {
    const value = parseCounter(token);
    if (value === null) return null;
    columns.push(value);
  }
  const column = (index: number): number => columns[index] ?? 0;
  return {
    busy: column(USER) + column(NICE) + column(SYSTEM) + column(IRQ) + column(SOFTIRQ) + column(STEAL),
    idle: column(IDLE) + column(IOWAIT),
  };
}

/** Busy share of all CPU time between two readings, 0..100 with one decimal. */
export function cpuPercent(previous: CpuTimes, current: CpuTimes): number {
  const busy = counterDelta(previous.busy, current.busy);
  // iowait is known to step backwards on some kernels; clamping keeps the total sane.
  const idle = counterDelta(previous.idle, current.idle);
  return toPercent(busy, busy + idle);
}
