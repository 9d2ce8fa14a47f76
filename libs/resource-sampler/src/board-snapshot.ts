import { type CpuTimes, parseCpuTimes, PROC_STAT_PATH } from './cpu-times.js';
import { parseDiskCounters, PROC_DISKSTATS_PATH } from './disk.js';
import { type MemoryInfo, parseMemoryInfo, PROC_MEMINFO_PATH } from './memory.js';
import { type NetworkCounters, parseNetworkCounters, PROC_NET_DEV_PATH, VIRTUAL_NET_DIRECTORY } from './network.js';
import { ProcReader } from './proc-reader.js';
import { SamplerClock } from './sampler-clock.js';
import { highestTemperatureCelsius, THERMAL_DIRECTORY, thermalZoneTempPaths } from './thermal.js';

/** Raw counters of one reading; figures need two of these. A source that could not be read is null or empty. */
export interface BoardSnapshot {
  takenAt: Date;
  monotonicMs: number;
  cpu: CpuTimes | null;
  memory: MemoryInfo | null;
  /** Physical interfaces only. */
  network: NetworkCounters;
  /** Completed reads + writes per whole disk. */
  disks: ReadonlyMap<string, number>;
  temperatureCelsius: number | null;
}

const NO_TEXT = '';

/** Reads every source at once; the sources are independent, so their reads overlap. */
export async function readBoardSnapshot(reader: ProcReader, clock: SamplerClock): Promise<BoardSnapshot> {
  const monotonicMs = clock.monotonicMs();
  const takenAt = clock.now();
  const [stat, meminfo, netDev, virtualInterfaces, diskstats, temperatureCelsius] = await Promise.all([
    reader.readText(PROC_STAT_PATH),
    reader.readText(PROC_MEMINFO_PATH),
    reader.readText(PROC_NET_DEV_PATH),
    reader.listDirectory(VIRTUAL_NET_DIRECTORY),
    reader.readText(PROC_DISKSTATS_PATH),
    readTemperatureCelsius(reader),
  ]);
  return {
    takenAt,
    monotonicMs,
    cpu: stat === null ? null : parseCpuTimes(stat),
    memory: meminfo === null ? null : parseMemoryInfo(meminfo),
    network: parseNetworkCounters(netDev ?? NO_TEXT, new Set(virtualInterfaces)),
    disks: parseDiskCounters(diskstats ?? NO_TEXT),
    temperatureCelsius,
  };
}

async function readTemperatureCelsius(reader: ProcReader): Promise<number | null> {
  const tempPaths = thermalZoneTempPaths(await reader.listDirectory(THERMAL_DIRECTORY));
  if (tempPaths.length === 0) return null;
  return highestTemperatureCelsius(await Promise.all(tempPaths.map((path) => reader.readText(path))));
}
