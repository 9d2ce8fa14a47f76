import { summedDelta } from './counter-delta.js';
import { perSecond, roundToTenth } from './figure-rounding.js';
import { parseCounter, splitFields } from './proc-text.js';

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
 * Completed reads + writes per whole disk. Lines too short to hold both columns
 * are skipped; that also drops the 7-column partition lines of pre-2.6.25 kernels,
 * whose 4th and 8th columns mean something else.
 */
export function parseDiskCounters(procDiskstats: string): Map<string, number> {
  const completedIos = new Map<string, number>();
  for (const line of procDiskstats.split('\n')) {
    const columns = splitFields(line);
    if (columns.length <= WRITES_COMPLETED) continue;
    const name = columns[NAME] as string;
    if (!isWholeDisk(name)) continue;
    const reads = parseCounter(columns[READS_COMPLETED]);
    const writes = parseCounter(columns[WRITES_COMPLETED]);
    if (reads === null || writes === null) continue;
    completedIos.set(name, reads + writes);
  }
  return completedIos;
}

/** Completed reads + writes per second over all whole disks, one decimal. */
export function diskIops(
  previous: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
  elapsedSeconds: number,
): number {
  return roundToTenth(perSecond(summedDelta(previous, current), elapsedSeconds));
}
