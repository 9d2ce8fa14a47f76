import { perSecond, roundToTenth } from './figure-rounding.js';
import type { NamedCounters } from './named-counters.js';
import { counterIn, lineEnd, skipBlanks, tokenEnd, type ProcText } from './proc-text.js';

export const PROC_DISKSTATS_PATH = '/proc/diskstats';

// 0-based columns of a /proc/diskstats line: major, minor, name, then the
// statistics; "fields 4 and 8" of the kernel documentation are 1-based.
const NAME = 2;
const READS_COMPLETED = 3;
const WRITES_COMPLETED = 7;

/**
 * Which block devices count towards IOPS. Only whole disks do: a partition's
 * I/O is already in its disk's counters. Left out as well:
 * - loop*, ram*, zram*: memory or file backed, their I/O either never reaches
 *   a disk or reaches it again through the disk that holds the backing file;
 * - dm-* (LVM, dm-crypt) and md<N> (software RAID): layers stacked on real
 *   disks, whose I/O the underlying disks count again.
 */
export function isWholeDisk(name: string): boolean {
  if (
    name.startsWith('loop') ||
    name.startsWith('ram') ||
    name.startsWith('zram') ||
    name.startsWith('dm-') ||
    isSoftwareRaid(name)
  ) {
    return false;
  }
  return !isPartition(name);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLowercaseLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isSoftwareRaid(name: string): boolean {
  return name.startsWith('md') && name.length > 2 && isDigit(name.charCodeAt(2));
}

/**
 * Kernel partition naming: a disk whose name ends in a digit gets "p<N>"
 * (mmcblk0p1, nvme0n1p1), the classic sd/hd/vd/xvd<letters> disks get "<N>"
 * (sda1, vdb2, xvda1). Disk names that merely end in a digit (mmcblk0, nvme0n1)
 * are whole disks.
 */
function isPartition(name: string): boolean {
  let end = name.length;
  while (end > 0 && isDigit(name.charCodeAt(end - 1))) end--;
  if (end === name.length || end === 0) return false;
  if (name[end - 1] === 'p' && end >= 2 && isDigit(name.charCodeAt(end - 2))) return true;
  return isClassicDiskName(name.slice(0, end));
}

const CLASSIC_DISK_PREFIXES = ['sd', 'hd', 'vd', 'xvd'];

function isClassicDiskName(base: string): boolean {
  const prefix = CLASSIC_DISK_PREFIXES.find((candidate) => base.startsWith(candidate));
  if (prefix === undefined || base.length === prefix.length) return false;
  for (let i = prefix.length; i < base.length; i++) {
    if (!isLowercaseLetter(base.charCodeAt(i))) return false;
  }
  return true;
}

/**
 * Records completed reads + writes of every disk of /proc/diskstats into
 * `counters` (whose classifier keeps whole disks only: isWholeDisk). Lines too
 * short to hold both columns are skipped; that also drops the 7-column
 * partition lines of pre-2.6.25 kernels, whose 4th and 8th columns mean something else.
 */
export function readDiskCounters(text: ProcText, counters: NamedCounters): void {
  const { bytes } = text;
  const end = Math.max(0, text.length);
  for (let line = 0; line < end; ) {
    const stop = lineEnd(bytes, line, end);
    recordLine(bytes, line, stop, counters);
    line = stop + 1;
  }
}

function recordLine(bytes: Buffer, line: number, stop: number, counters: NamedCounters): void {
  let reads = Number.NaN;
  let column = 0;
  for (let at = skipBlanks(bytes, line, stop); at < stop && column <= WRITES_COMPLETED; at = skipBlanks(bytes, at, stop)) {
    const to = tokenEnd(bytes, at, stop);
    if (column === NAME) {
      // A partition, a loop or ram device is not counted: the rest of its line is not read.
      if (!counters.see(bytes, at, to)) return;
    } else if (column === READS_COMPLETED) {
      reads = counterIn(bytes, at, to);
    } else if (column === WRITES_COMPLETED) {
      const writes = counterIn(bytes, at, to);
      if (!Number.isNaN(reads) && !Number.isNaN(writes)) counters.record(reads + writes);
    }
    column++;
    at = to;
  }
}

/** Completed reads + writes per second over the whole disks of both readings, one decimal. */
export function diskIops(counters: NamedCounters, elapsedSeconds: number): number {
  return roundToTenth(perSecond(counters.summedDelta(0), elapsedSeconds));
}
