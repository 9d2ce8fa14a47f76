import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { UsageHistoryRepository } from '../history/usage-history.repository.js';
import type { UsagePoint } from '../history/usage-point.js';
import { ManagerDatabase } from './manager-database.js';

interface PointRow {
  node_id: string;
  at: number;
  cpu_percent: number;
  memory_percent: number;
  memory_used_bytes: number;
  memory_total_bytes: number;
  network_rx_bytes_per_second: number;
  network_tx_bytes_per_second: number;
  iops: number;
  running_instances: number;
  total_instances: number;
  temperature_celsius: number | null;
  poll_latency_ms: number | null;
}

const COLUMNS =
  'node_id, at, cpu_percent, memory_percent, memory_used_bytes, memory_total_bytes, network_rx_bytes_per_second, ' +
  'network_tx_bytes_per_second, iops, running_instances, total_instances, temperature_celsius, poll_latency_ms';

@Injectable()
export class SqliteUsageHistoryRepository extends UsageHistoryRepository {
  private readonly insertOne: Statement<[PointRow]>;
  private readonly insertIfNodeExists: Statement<[PointRow]>;
  private readonly insertAll: (points: ReadonlyArray<{ nodeId: string; point: UsagePoint }>) => void;
  private readonly selectRange: Statement<[string, number, number], PointRow>;
  private readonly selectNewest: Statement<[], { node_id: string; newest: number }>;
  private readonly deleteBefore: Statement<[number]>;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    // OR REPLACE: two points of one node in the same millisecond keep the later one.
    this.insertOne = db.prepare<[PointRow]>(
      `INSERT OR REPLACE INTO usage_history (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((column) => `@${column}`).join(', ')})`,
    );
    const values = COLUMNS.split(', ').map((column) => `@${column}`).join(', ');
    this.insertIfNodeExists = db.prepare<[PointRow]>(
      `INSERT OR REPLACE INTO usage_history (${COLUMNS}) SELECT ${values} WHERE EXISTS (SELECT 1 FROM nodes WHERE id = @node_id)`,
    );
    this.insertAll = db.transaction((points: ReadonlyArray<{ nodeId: string; point: UsagePoint }>) => {
      for (const { nodeId, point } of points) this.insertIfNodeExists.run(toRow(nodeId, point));
    });
    this.selectRange = db.prepare<[string, number, number], PointRow>(
      `SELECT ${COLUMNS} FROM usage_history WHERE node_id = ? AND at >= ? AND at <= ? ORDER BY at`,
    );
    this.selectNewest = db.prepare<[], { node_id: string; newest: number }>(
      'SELECT node_id, MAX(at) AS newest FROM usage_history GROUP BY node_id',
    );
    this.deleteBefore = db.prepare<[number]>('DELETE FROM usage_history WHERE at < ?');
  }

  append(nodeId: string, point: UsagePoint): void {
    this.insertOne.run(toRow(nodeId, point));
  }

  appendAll(points: ReadonlyArray<{ nodeId: string; point: UsagePoint }>): void {
    if (points.length > 0) this.insertAll(points);
  }

  between(nodeId: string, from: Date, to: Date): UsagePoint[] {
    return this.selectRange.all(nodeId, from.getTime(), to.getTime()).map((row) => ({
      at: new Date(row.at),
      cpuPercent: row.cpu_percent,
      memoryPercent: row.memory_percent,
      memoryUsedBytes: row.memory_used_bytes,
      memoryTotalBytes: row.memory_total_bytes,
      networkRxBytesPerSecond: row.network_rx_bytes_per_second,
      networkTxBytesPerSecond: row.network_tx_bytes_per_second,
      iops: row.iops,
      runningInstances: row.running_instances,
      totalInstances: row.total_instances,
      temperatureCelsius: row.temperature_celsius,
      pollLatencyMs: row.poll_latency_ms,
    }));
  }

  newestTimes(): Map<string, Date> {
    return new Map(this.selectNewest.all().map((row) => [row.node_id, new Date(row.newest)]));
  }

  deleteOlderThan(cutoff: Date): number {
    return this.deleteBefore.run(cutoff.getTime()).changes;
  }
}

function toRow(nodeId: string, point: UsagePoint): PointRow {
  return {
    node_id: nodeId,
    at: point.at.getTime(),
    cpu_percent: point.cpuPercent,
    memory_percent: point.memoryPercent,
    memory_used_bytes: point.memoryUsedBytes,
    memory_total_bytes: point.memoryTotalBytes,
    network_rx_bytes_per_second: point.networkRxBytesPerSecond,
    network_tx_bytes_per_second: point.networkTxBytesPerSecond,
    iops: point.iops,
    running_instances: point.runningInstances,
    total_instances: point.totalInstances,
    temperature_celsius: point.temperatureCelsius,
    poll_latency_ms: point.pollLatencyMs,
  };
}
