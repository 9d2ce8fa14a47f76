import { type CpuTimes, cpuPercent, parseCpuTimes, PROC_STAT_PATH } from './cpu-times.js';
import { diskIops, isWholeDisk, PROC_DISKSTATS_PATH, readDiskCounters } from './disk.js';
import { type MemoryInfo, memoryFigures, parseMemoryInfo, PROC_MEMINFO_PATH } from './memory.js';
import { NamedCounters } from './named-counters.js';
import { networkRates, PROC_NET_DEV_PATH, readNetworkCounters, VIRTUAL_NET_DIRECTORY } from './network.js';
import { ProcReader } from './proc-reader.js';
import { ProcText } from './proc-text.js';
import type { ResourceSample } from './resource-sample.js';
import { highestTemperatureCelsius, THERMAL_DIRECTORY, thermalZoneTempPaths, zoneMillidegrees } from './thermal.js';

/** Thermal zones appear with their drivers, at boot: the listing is taken again only this often. */
export const THERMAL_RELIST_READINGS = 300;

/**
 * The board's counters over its last two readings, read in place: the file
 * buffers, the per-name counters and the thermal zones' paths are kept from
 * one reading to the next, so a reading allocates nothing but the small
 * figures it returns. Virtual interfaces are listed again only when
 * /proc/net/dev names an interface not seen before (a container's veth).
 */
export class BoardCounters {
  private readonly stat = new ProcText(2048);
  private readonly meminfo = new ProcText(2048);
  private readonly netDev = new ProcText(4096);
  private readonly diskstats = new ProcText(4096);
  private readonly zoneText = new ProcText(32);
  private zoneReadings = new Float64Array(0);
  private zonePaths: string[] = [];
  private virtualInterfaces: ReadonlySet<string> | null = null;
  private readonly network = new NamedCounters(2, (name) => !this.virtual().has(name));
  private readonly disks = new NamedCounters(1, isWholeDisk);

  private readings = 0;
  private previous: { monotonicMs: number; cpu: CpuTimes | null } = { monotonicMs: 0, cpu: null };
  private current: { monotonicMs: number; takenAt: Date; cpu: CpuTimes | null; memory: MemoryInfo | null; temperatureCelsius: number | null } = {
    monotonicMs: 0,
    takenAt: new Date(0),
    cpu: null,
    memory: null,
    temperatureCelsius: null,
  };

  constructor(private readonly reader: ProcReader) {}

  /** Whether the last two readings give figures (the first reading after reset() is only a baseline). */
  get hasBaseline(): boolean {
    return this.readings >= 2;
  }

  /** Forgets every reading: the next one is a baseline. */
  reset(): void {
    this.readings = 0;
    this.network.reset();
    this.disks.reset();
  }

  /**
   * Takes a reading. The files are read first and parsed after, so a reading
   * that fails (the reader throws) leaves the last one as it was.
   */
  read(monotonicMs: number, takenAt: Date): void {
    const { reader } = this;
    if (this.readings % THERMAL_RELIST_READINGS === 0) this.listThermalZones();
    reader.readInto(PROC_STAT_PATH, this.stat);
    reader.readInto(PROC_MEMINFO_PATH, this.meminfo);
    reader.readInto(PROC_NET_DEV_PATH, this.netDev);
    reader.readInto(PROC_DISKSTATS_PATH, this.diskstats);
    for (let zone = 0; zone < this.zonePaths.length; zone++) {
      reader.readInto(this.zonePaths[zone]!, this.zoneText);
      this.zoneReadings[zone] = zoneMillidegrees(this.zoneText);
    }
    try {
      this.parse(monotonicMs, takenAt);
    } catch (error) {
      // Half-parsed counters would compare the wrong readings: start again from a baseline.
      this.reset();
      throw error;
    }
  }

  /** The figures between the last two readings; call only once hasBaseline. */
  sample(): ResourceSample {
    const { previous, current } = this;
    const elapsedSeconds = (current.monotonicMs - previous.monotonicMs) / 1000;
    const memory = memoryFigures(current.memory);
    const network = networkRates(this.network, elapsedSeconds);
    // Memory and temperature are levels, taken from the current reading; the rest are rates over the interval.
    return {
      takenAt: current.takenAt,
      cpuPercent: previous.cpu !== null && current.cpu !== null ? cpuPercent(previous.cpu, current.cpu) : 0,
      memoryPercent: memory.memoryPercent,
      memoryUsedBytes: memory.memoryUsedBytes,
      memoryTotalBytes: memory.memoryTotalBytes,
      networkRxBytesPerSecond: network.networkRxBytesPerSecond,
      networkTxBytesPerSecond: network.networkTxBytesPerSecond,
      iops: diskIops(this.disks, elapsedSeconds),
      temperatureCelsius: current.temperatureCelsius,
    };
  }

  private parse(monotonicMs: number, takenAt: Date): void {
    this.previous.monotonicMs = this.current.monotonicMs;
    this.previous.cpu = this.current.cpu;
    const { current } = this;
    current.monotonicMs = monotonicMs;
    current.takenAt = takenAt;
    current.cpu = parseCpuTimes(this.stat);
    current.memory = parseMemoryInfo(this.meminfo);
    current.temperatureCelsius = highestTemperatureCelsius(this.zoneReadings, this.zonePaths.length);
    this.network.startReading();
    readNetworkCounters(this.netDev, this.network);
    // A name first seen in this reading was classified with the listing made for it; the next new one gets a fresh listing.
    if (this.network.finishReading()) this.virtualInterfaces = null;
    this.disks.startReading();
    readDiskCounters(this.diskstats, this.disks);
    this.disks.finishReading();
    this.readings++;
  }

  private virtual(): ReadonlySet<string> {
    this.virtualInterfaces ??= new Set(this.reader.listDirectory(VIRTUAL_NET_DIRECTORY));
    return this.virtualInterfaces;
  }

  private listThermalZones(): void {
    this.zonePaths = thermalZoneTempPaths(this.reader.listDirectory(THERMAL_DIRECTORY));
    if (this.zoneReadings.length < this.zonePaths.length) this.zoneReadings = new Float64Array(this.zonePaths.length);
  }
}
