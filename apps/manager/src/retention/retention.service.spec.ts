import type { SchedulerRegistry } from '@nestjs/schedule';
import { EventAction, EventResult } from '@tinystack/contracts';
import { ManagerSettings } from '../config/manager.settings.js';
import type { UsagePoint } from '../history/usage-point.js';
import { DatabaseHealth } from '../storage/database-health.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteEventLogRepository } from '../storage/sqlite-event-log.repository.js';
import { SqliteNodeRepository } from '../storage/sqlite-node.repository.js';
import { SqliteUsageHistoryRepository } from '../storage/sqlite-usage-history.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { untouchable } from '../testing/strict-fake.js';
import { RetentionService } from './retention.service.js';

const HOUR = 3_600_000;

function pointAt(at: Date): UsagePoint {
  return {
    at,
    cpuPercent: 1,
    memoryPercent: 1,
    memoryUsedBytes: 1,
    memoryTotalBytes: 2,
    networkRxBytesPerSecond: 0,
    networkTxBytesPerSecond: 0,
    iops: 0,
    runningInstances: 0,
    totalInstances: 0,
    temperatureCelsius: null,
    pollLatencyMs: null,
  };
}

describe('RetentionService', () => {
  let database: ManagerDatabase;
  let history: SqliteUsageHistoryRepository;
  let events: SqliteEventLogRepository;
  let clock: ManualClock;
  let retention: RetentionService;

  beforeEach(() => {
    database = memoryDatabase();
    new SqliteNodeRepository(database).insert({ id: 'n1', name: 'pi', url: 'http://pi:7001', token: 't', registeredAt: new Date(0), computeId: null });
    history = new SqliteUsageHistoryRepository(database);
    events = new SqliteEventLogRepository(database);
    clock = new ManualClock('2025-01-02T12:00:00Z');
    const settings = Object.assign(new ManagerSettings(), { HISTORY_RETENTION_HOURS: 24, EVENT_RETENTION_COUNT: 100 });
    retention = new RetentionService(history, events, clock, untouchable<SchedulerRegistry>('SchedulerRegistry'), settings, new DatabaseHealth());
  });

  afterEach(() => database.onApplicationShutdown());

  it('deletes usage points older than the retention and keeps the rest', () => {
    const now = clock.now().getTime();
    for (const hoursAgo of [30, 24.01, 23.99, 1]) history.append('n1', pointAt(new Date(now - hoursAgo * HOUR)));
    expect(retention.sweep()).toEqual({ historyPointsDeleted: 2, eventsDeleted: 0 });
    const kept = history.between('n1', new Date(0), clock.now());
    expect(kept.map((point) => (now - point.at.getTime()) / HOUR)).toEqual([23.99, 1]);
  });

  it('deletes more as time passes', () => {
    history.append('n1', pointAt(clock.now()));
    expect(retention.sweep().historyPointsDeleted).toBe(0);
    clock.advance(24 * HOUR + 1);
    expect(retention.sweep().historyPointsDeleted).toBe(1);
  });

  it('keeps only the newest EVENT_RETENTION_COUNT events', () => {
    for (let index = 0; index < 130; index++) {
      events.append({
        at: clock.now(),
        action: EventAction.INSTANCE_STARTED,
        result: EventResult.SUCCESS,
        nodeId: 'n1',
        nodeName: 'pi',
        instance: 'web1',
        message: `event ${index}`,
        actor: 'admin token',
        ownerId: null,
        ownerName: null,
      });
    }
    expect(retention.sweep()).toEqual({ historyPointsDeleted: 0, eventsDeleted: 30 });
    const newest = events.page({ limit: 1000 });
    expect(newest).toHaveLength(100);
    expect(newest[0]!.message).toBe('event 129');
    expect(newest[99]!.message).toBe('event 30');
  });
});
