import { toPercent } from './figure-rounding.js';
import { parseCounter, splitFields } from './proc-text.js';

export const PROC_MEMINFO_PATH = '/proc/meminfo';

export interface MemoryInfo {
  totalBytes: number;
  availableBytes: number;
}

export interface MemoryFigures {
  memoryPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
}

const WANTED_KEYS = new Set(['MemTotal', 'MemAvailable', 'MemFree', 'Buffers', 'Cached', 'SReclaimable']);
const BYTES_PER_KIB = 1024;

/**
 * MemTotal and the memory the kernel could hand out without swapping. Kernels
 * before 3.14 have no MemAvailable; the usual estimate then is
 * MemFree + Buffers + Cached + SReclaimable (a missing term counts as 0).
 * Null when MemTotal is absent or corrupt.
 */
export function parseMemoryInfo(procMeminfo: string): MemoryInfo | null {
  const kib = new Map<string, number>();
  for (const line of procMeminfo.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (!WANTED_KEYS.has(key)) continue;
    const value = parseCounter(splitFields(line.slice(colon + 1))[0]);
    if (value !== null) kib.set(key, value);
  }
  const total = kib.get('MemTotal');
  if (total === undefined) return null;
  const available =
    kib.get('MemAvailable') ??
    (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0) + (kib.get('SReclaimable') ?? 0);
  return {
    totalBytes: total * BYTES_PER_KIB,
    // The fallback sum can exceed MemTotal on odd kernels (Cached includes shared memory).
    availableBytes: Math.min(available, total) * BYTES_PER_KIB,
  };
}

/** Used = total - available; all zero when the reading had no memory figures. */
export function memoryFigures(memory: MemoryInfo | null): MemoryFigures {
  if (memory === null) return { memoryPercent: 0, memoryUsedBytes: 0, memoryTotalBytes: 0 };
  const used = memory.totalBytes - memory.availableBytes;
  return {
    memoryPercent: toPercent(used, memory.totalBytes),
    memoryUsedBytes: used,
    memoryTotalBytes: memory.totalBytes,
  };
}
