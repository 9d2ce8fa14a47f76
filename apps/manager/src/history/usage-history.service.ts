import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import type { UsageDto, UsageHistoryDto, UsageHistoryPointDto, UsageHistoryQuery } from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { DatabaseHealth } from '../storage/database-health.js';
import { startsNewHistorySlot } from './history-bucket.js';
import { UsageHistoryRepository } from './usage-history.repository.js';
import type { UsagePoint } from './usage-point.js';

const DEFAULT_RANGE_MS = 60 * 60 * 1000;

export interface HistorySubject {
  id: string;
  lastHistoryAt: Date | null;
}

/** Each node's usage over time: stored sparsely, read by time range for charts. */
@Injectable()
export class UsageHistoryService {
  private readonly logger = new Logger('History');
  private failing = false;

  constructor(
    private readonly repository: UsageHistoryRepository,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
    private readonly database: DatabaseHealth,
  ) {}

  /**
   * Stores the figures when the node has no point in the current slot yet; returns whether it did.
   * A point the database cannot take (the disk is full) is dropped: the charts show a gap.
   */
  offer(node: HistorySubject, usage: UsageDto, pollLatencyMs: number | null, at: Date): boolean {
    if (!startsNewHistorySlot(node.lastHistoryAt, at, this.settings.HISTORY_INTERVAL_MS)) return false;
    const { hostname: _hostname, sampledAt: _sampledAt, ...figures } = usage;
    try {
      this.database.write(() => this.repository.append(node.id, { ...figures, at, pollLatencyMs }));
    } catch (error) {
      if (!this.failing) this.logger.warn(`Usage history points are dropped until the database can be written: ${(error as Error).message}`);
      this.failing = true;
      return false;
    }
    if (this.failing) this.logger.log('Usage history points are stored again');
    this.failing = false;
    node.lastHistoryAt = at;
    return true;
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
      points: this.repository.between(nodeId, from, to).map(toPointDto),
    };
  }
}

function toPointDto(point: UsagePoint): UsageHistoryPointDto {
  return { ...point, at: point.at.toISOString() };
}
