/** One stored usage figure set of a node. */
export interface UsagePoint {
  at: Date;
  cpuPercent: number;
  memoryPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  networkRxBytesPerSecond: number;
  networkTxBytesPerSecond: number;
  iops: number;
  runningInstances: number;
  totalInstances: number;
  temperatureCelsius: number | null;
  pollLatencyMs: number | null;
}
