import type { UsagePoint } from './usage-point.js';

/** Where each node's usage over time is kept. */
export abstract class UsageHistoryRepository {
  abstract append(nodeId: string, point: UsagePoint): void;
  /** Stores these points in one transaction (one commit: what spares an SD card); points of nodes that are gone are skipped. */
  abstract appendAll(points: ReadonlyArray<{ nodeId: string; point: UsagePoint }>): void;
  /** Points with from <= at <= to, oldest first. */
  abstract between(nodeId: string, from: Date, to: Date): UsagePoint[];
  /** The time of each node's newest point. */
  abstract newestTimes(): Map<string, Date>;
  /** Deletes points older than the cutoff; returns how many. */
  abstract deleteOlderThan(cutoff: Date): number;
}
