import { BadRequestException } from '@nestjs/common';
import type { UsageDto } from '@tinystack/contracts';
import { ManagerSettings } from '../config/manager.settings.js';
import { DatabaseHealth } from '../storage/database-health.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { diskFullError } from '../testing/disk-full.js';
import { SqliteNodeRepository } from '../storage/sqlite-node.repository.js';
import { SqliteUsageHistoryRepository } from '../storage/sqlite-usage-history.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { startsNewHistorySlot } from './history-bucket.js';
import { UsageHistoryService } from './usage-history.service.js';

const USAGE: UsageDto = {
  hostname: 'pi',
  sampledAt: '2025-01-01T10:00:00.000Z',
  cpuPercent: 12.5,
  memoryPercent: 40,
  memoryUsedBytes: 400,
  memoryTotalBytes: 1000,
  networkRxBytesPerSecond: 10,
  networkTxBytesPerSecond: 20,
  iops: 3,
  runningInstances: 1,
  totalInstances: 2,
  temperatureCelsius: 48.5,
};

describe('startsNewHistorySlot', () => {
  const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, seconds));

  it('stores the first point of a node', () => {
    expect(startsNewHistorySlot(null, at(3), 10_000)).toBe(true);
  });

  it('stores one point per interval-aligned slot, whatever the poll timing', () => {
    expect(startsNewHistorySlot(at(1), at(9), 10_000)).toBe(false);
    expect(startsNewHistorySlot(at(9), at(10), 10_000)).toBe(true);
    expect(startsNewHistorySlot(at(10), at(19), 10_000)).toBe(false);
    expect(startsNewHistorySlot(at(10), at(40), 10_000)).toBe(true);
  });
});

describe('UsageHistoryService', () => {
  let database: ManagerDatabase;
  let clock: ManualClock;
  let service: UsageHistoryService;
  let repository: SqliteUsageHistoryRepository;
  let health: DatabaseHealth;

  beforeEach(() => {
    database = memoryDatabase();
    new SqliteNodeRepository(database).insert({ id: 'n1', name: 'pi', url: 'http://pi:7001', token: 't', registeredAt: new Date(0), computeId: null });
    clock = new ManualClock('2025-01-01T10:00:00Z');
    const settings = Object.assign(new ManagerSettings(), { HISTORY_INTERVAL_MS: 10_000 });
    repository = new SqliteUsageHistoryRepository(database);
    health = new DatabaseHealth();
    service = new UsageHistoryService(repository, clock, settings, health);
  });

  afterEach(() => database.onApplicationShutdown());

  it('stores one point per node per interval out of many polls', () => {
    const node = { id: 'n1', lastHistoryAt: null as Date | null };
    const stored: boolean[] = [];
    for (let poll = 0; poll < 15; poll++) {
      stored.push(service.offer(node, USAGE, 5, clock.now()));
      clock.advance(2000);
    }
    expect(stored.filter(Boolean)).toHaveLength(3);
    const history = service.range('n1', { from: '2025-01-01T09:00:00Z' });
    expect(history.points.map((point) => point.at)).toEqual([
      '2025-01-01T10:00:00.000Z',
      '2025-01-01T10:00:10.000Z',
      '2025-01-01T10:00:20.000Z',
    ]);
    expect(history.points[0]).toEqual({
      at: '2025-01-01T10:00:00.000Z',
      cpuPercent: 12.5,
      memoryPercent: 40,
      memoryUsedBytes: 400,
      memoryTotalBytes: 1000,
      networkRxBytesPerSecond: 10,
      networkTxBytesPerSecond: 20,
      iops: 3,
      runningInstances: 1,
      totalInstances: 2,
      temperatureCelsius: 48.5,
      pollLatencyMs: 5,
    });
  });

  it('answers the last hour by default and says which range it answered', () => {
    const node = { id: 'n1', lastHistoryAt: null as Date | null };
    service.offer(node, USAGE, null, new Date('2025-01-01T08:30:00Z'));
    service.offer(node, USAGE, null, new Date('2025-01-01T09:30:00Z'));
    const history = service.range('n1', {});
    expect(history).toMatchObject({ nodeId: 'n1', from: '2025-01-01T09:00:00.000Z', to: '2025-01-01T10:00:00.000Z', intervalMs: 10_000 });
    expect(history.points.map((point) => point.at)).toEqual(['2025-01-01T09:30:00.000Z']);
  });

  it('writes the points of every node in one commit at the flush, and answers those not written yet all the same', () => {
    new SqliteNodeRepository(database).insert({ id: 'n2', name: 'pi2', url: 'http://pi2:7001', token: 't', registeredAt: new Date(0), computeId: null });
    const appendAll = vi.spyOn(repository, 'appendAll');
    const nodes = [{ id: 'n1', lastHistoryAt: null as Date | null }, { id: 'n2', lastHistoryAt: null as Date | null }];
    for (let poll = 0; poll < 10; poll++) {
      for (const node of nodes) service.offer(node, USAGE, 5, clock.now());
      clock.advance(2000);
    }
    expect(appendAll).not.toHaveBeenCalled();
    expect(repository.between('n1', new Date(0), clock.now())).toEqual([]);
    expect(service.range('n2', { from: '2025-01-01T09:00:00Z' }).points).toHaveLength(2);
    service.flush();
    expect(appendAll).toHaveBeenCalledTimes(1);
    expect(appendAll.mock.calls[0]![0]).toHaveLength(4);
    expect(repository.between('n1', new Date(0), clock.now()).map((point) => point.at.toISOString())).toEqual(['2025-01-01T10:00:00.000Z', '2025-01-01T10:00:10.000Z']);
    expect(service.range('n2', { from: '2025-01-01T09:00:00Z' }).points).toHaveLength(2);
  });

  it('skips the points of a node unregistered before the flush', () => {
    const node = { id: 'n1', lastHistoryAt: null as Date | null };
    service.offer(node, USAGE, 5, clock.now());
    service.forget('n1');
    service.offer({ id: 'gone', lastHistoryAt: null }, USAGE, 5, clock.now());
    service.flush();
    expect(health.problems()).toEqual([]);
    expect(repository.newestTimes().size).toBe(0);
  });

  it('drops the points the database cannot take, says so in the health, and stores the next ones once it can', () => {
    const node = { id: 'n1', lastHistoryAt: null as Date | null };
    const appendAll = vi.spyOn(repository, 'appendAll').mockImplementationOnce(() => {
      throw diskFullError();
    });
    expect(service.offer(node, USAGE, 5, clock.now())).toBe(true);
    service.flush();
    expect(health.problems()).toEqual(['the database cannot be written: SQLITE_FULL: database or disk is full']);
    clock.advance(10_000);
    expect(service.offer(node, USAGE, 5, clock.now())).toBe(true);
    service.flush();
    expect(health.problems()).toEqual([]);
    expect(appendAll).toHaveBeenCalledTimes(2);
    expect(service.range('n1', { from: '2025-01-01T09:00:00Z' }).points.map((point) => point.at)).toEqual(['2025-01-01T10:00:10.000Z']);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => service.range('n1', { from: '2025-01-01T10:00:00Z', to: '2025-01-01T09:00:00Z' })).toThrow(BadRequestException);
  });
});
