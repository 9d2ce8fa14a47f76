/** One reading of the board, as served by the ResourceSampler. */
export interface ResourceSample {
  takenAt: Date;
  /** 0..100 over the last interval, all cores together. */
  cpuPercent: number;
  /** 0..100: (total - available) / total. */
  memoryPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  /** Physical interfaces only (no lo, veth, bridges). */
  networkRxBytesPerSecond: number;
  networkTxBytesPerSecond: number;
  /** Completed reads + writes per second over whole disks (no partitions, loop, ram, zram). */
  iops: number;
  /** Highest thermal zone in degrees Celsius, null when the board has none. */
  temperatureCelsius: number | null;
}
