import type { BoardSnapshot } from './board-snapshot.js';
import { cpuPercent } from './cpu-times.js';
import { diskIops } from './disk.js';
import { memoryFigures } from './memory.js';
import { networkRates } from './network.js';
import type { ResourceSample } from './resource-sample.js';

/**
 * The figures of the interval between two readings. Memory and temperature are
 * levels, taken from the current reading; the rest are rates over the interval.
 * A source missing from either reading gives 0 (null for temperature).
 */
export function calculateSample(previous: BoardSnapshot, current: BoardSnapshot): ResourceSample {
  const elapsedSeconds = (current.monotonicMs - previous.monotonicMs) / 1000;
  return {
    takenAt: current.takenAt,
    cpuPercent: previous.cpu !== null && current.cpu !== null ? cpuPercent(previous.cpu, current.cpu) : 0,
    ...memoryFigures(current.memory),
    ...networkRates(previous.network, current.network, elapsedSeconds),
    iops: diskIops(previous.disks, current.disks, elapsedSeconds),
    temperatureCelsius: current.temperatureCelsius,
  };
}
