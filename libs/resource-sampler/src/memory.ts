import { toPercent } from './figure-rounding.js';
import { counterIn, lineEnd, skipBlanks, spanEquals, tokenEnd, type ProcText } from './proc-text.js';

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

const BYTES_PER_KIB = 1024;
const COLON = 58;

const MEM_TOTAL = 0;
const MEM_AVAILABLE = 1;
const MEM_FREE = 2;
const BUFFERS = 3;
const CACHED = 4;
const S_RECLAIMABLE = 5;
const KEYS = ['MemTotal', 'MemAvailable', 'MemFree', 'Buffers', 'Cached', 'SReclaimable'].map((key) => Buffer.from(key, 'latin1'));

/** Reused by every parse: kibibytes per key, NaN while not seen. */
const kib = new Float64Array(KEYS.length);

/**
 * MemTotal and the memory the kernel could hand out without swapping. Kernels
 * before 3.14 have no MemAvailable; the usual estimate then is
 * MemFree + Buffers + Cached + SReclaimable (a missing term counts as 0).
 * Null when MemTotal is absent or corrupt. MemTotal and MemAvailable are the
 * first and third lines: on a current kernel the scan stops there.
 */
export function parseMemoryInfo(text: ProcText): MemoryInfo | null {
  const { bytes } = text;
  const end = Math.max(0, text.length);
  kib.fill(Number.NaN);
  for (let line = 0; line < end; ) {
    const stop = lineEnd(bytes, line, end);
    const colon = bytes.indexOf(COLON, line);
    if (colon > line && colon < stop) {
      const key = keyIndex(bytes, line, colon);
      if (key >= 0) {
        const from = skipBlanks(bytes, colon + 1, stop);
        const value = counterIn(bytes, from, tokenEnd(bytes, from, stop));
        if (!Number.isNaN(value)) kib[key] = value;
        if (!Number.isNaN(kib[MEM_TOTAL]!) && !Number.isNaN(kib[MEM_AVAILABLE]!)) break;
      }
    }
    line = stop + 1;
  }
  const total = kib[MEM_TOTAL]!;
  if (Number.isNaN(total)) return null;
  const orZero = (key: number) => (Number.isNaN(kib[key]!) ? 0 : kib[key]!);
  const available = Number.isNaN(kib[MEM_AVAILABLE]!)
    ? orZero(MEM_FREE) + orZero(BUFFERS) + orZero(CACHED) + orZero(S_RECLAIMABLE)
    : kib[MEM_AVAILABLE]!;
  return {
    totalBytes: total * BYTES_PER_KIB,
    // The fallback sum can exceed MemTotal on odd kernels (Cached includes shared memory).
    availableBytes: Math.min(available, total) * BYTES_PER_KIB,
  };
}

function keyIndex(bytes: Buffer, from: number, to: number): number {
  for (let key = 0; key < KEYS.length; key++) if (spanEquals(bytes, from, to, KEYS[key]!)) return key;
  return -1;
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
