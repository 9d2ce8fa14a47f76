import { BadRequestException, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { UsageDto, UsageHistoryDto, UsageHistoryPointDto, UsageHistoryQuery } from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { DatabaseHealth } from '../storage/database-health.js';
import { startsNewHistorySlot } from './history-bucket.js';
import { UsageHistoryRepository } from './usage-history.repository.js';
import type { UsagePoint } from './usage-point.js';

const DEFAULT_RANGE_MS = 60 * 60 * 1000;
/** Points held for the next write at most (10 boards make 60 a minute): a database that cannot be written for long does not fill memory. */
export const MAX_PENDING_POINTS = 5000;

export interface HistorySubject {
  id: string;
  lastHistoryAt: Date | null;
}

/**
 * Each node's usage over time: one point per node per HISTORY_INTERVAL_MS,
 * gathered in memory and written every HISTORY_FLUSH_MS in one commit (a
 * few pages a minute, not a commit per node per interval: SD cards wear out
 * by the write). Reads see the points not written yet too.
 */
@Injectable()
export class UsageHistoryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('History');
  private failing = false;
  private pending: Array<{ nodeId: string; point: UsagePoint }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: UsageHistoryRepository,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
    private readonly database: DatabaseHealth,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.flush(), this.settings.HISTORY_FLUSH_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** Takes the figures when the node has no point in the current slot yet (written with the next flush); returns whether it did. */
  offer(node: HistorySubject, usage: UsageDto, pollLatencyMs: number | null, at: Date): boolean {
    if (!startsNewHistorySlot(node.lastHistoryAt, at, this.settings.HISTORY_INTERVAL_MS)) return false;
    const { hostname: _hostname, sampledAt: _sampledAt, ...figures } = usage;
    if (this.pending.length >= MAX_PENDING_POINTS) this.pending.shift();
    this.pending.push({ nodeId: node.id, point: { ...figures, at, pollLatencyMs } });
    node.lastHistoryAt = at;
    return true;
  }

  /**
   * Writes the points gathered, in one transaction. Points the database
   * cannot take (the disk is full) are dropped: the charts show a gap.
   */
  flush(): void {
    if (this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    try {
      this.database.write(() => this.repository.appendAll(points));
    } catch (error) {
      if (!this.failing) this.logger.warn(`Usage history points are dropped until the database can be written: ${(error as Error).message}`);
      this.failing = true;
      return;
    }
    if (this.failing) this.logger.log('Usage history points are stored again');
    this.failing = false;
  }

  /** The node is unregistered: its points not written yet go with it. */
  forget(nodeId: string): void {
    this.pending = this.pending.filter((entry) => entry.nodeId !== nodeId);
  }

  range(nodeId: string, query: UsageHistoryQuery): UsageHistoryDto {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
    if (from.getTime() > to.getTime()) {
      throw new BadRequestException(`from (${from.toISOString()}) must not be after to (${to.toISOString()})`);
    }
    return {
      nodeId,
      from: from.toISOString(),
      to: to.toISOString(),
      intervalMs: this.settings.HISTORY_INTERVAL_MS,
      points: [
        ...this.repository.between(nodeId, from, to),
        ...this.pending.filter((entry) => entry.nodeId === nodeId && entry.point.at >= from && entry.point.at <= to).map((entry) => entry.point),
      ].map(toPointDto),
    };
  }
}

function toPointDto(point: UsagePoint): UsageHistoryPointDto {
  return { ...point, at: point.at.toISOString() };
}
