import { EventAction, EventResult, ManagerEventType, type ManagerEventDto } from '@tinystack/contracts';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteEventLogRepository } from '../storage/sqlite-event-log.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { recordLogs } from '../../../../libs/api-kit/src/logging/test-support/recorded-logs.js';
import { DatabaseHealth } from '../storage/database-health.js';
import { diskFullError } from '../testing/disk-full.js';
import { EVENT_RETRY_MS, EventLog, MAX_PENDING_EVENTS } from './event-log.service.js';
import { ManagerEventBus } from './manager-event-bus.js';

describe('EventLog', () => {
  let database: ManagerDatabase;
  let log: EventLog;
  let published: ManagerEventDto[];
  let repository: SqliteEventLogRepository;
  let health: DatabaseHealth;

  beforeEach(() => {
    database = memoryDatabase();
    const bus = new ManagerEventBus();
    published = [];
    bus.events$.subscribe((event) => published.push(event));
    repository = new SqliteEventLogRepository(database);
    health = new DatabaseHealth();
    log = new EventLog(repository, bus, new ManualClock('2025-01-01T10:00:00Z'), health);
  });

  afterEach(() => {
    log.onModuleDestroy();
    vi.useRealTimers();
    database.onApplicationShutdown();
  });

  const record = (message: string) =>
    log.record({
      action: EventAction.INSTANCE_STARTED,
      result: EventResult.SUCCESS,
      nodeId: 'n1',
      nodeName: 'pi',
      instance: 'web1',
      message,
      actor: 'alice',
      owner: { id: 'u1', username: 'alice' },
    });

  it('stores an entry and streams it as an action event', () => {
    record('Started "web1" on "pi"');
    const [entry] = log.page({ limit: 10 }).events;
    expect(entry).toEqual({
      id: 1,
      at: '2025-01-01T10:00:00.000Z',
      action: EventAction.INSTANCE_STARTED,
      result: EventResult.SUCCESS,
      nodeId: 'n1',
      nodeName: 'pi',
      instance: 'web1',
      message: 'Started "web1" on "pi"',
      actor: 'alice',
      owner: 'alice',
    });
    expect(published).toEqual([{ type: ManagerEventType.ACTION, at: '2025-01-01T10:00:00.000Z', entry }]);
  });

  it('pages newest first and says where the next page starts, null on the last', () => {
    for (const message of ['a', 'b', 'c', 'd', 'e']) record(message);
    const first = log.page({ limit: 2 });
    expect(first.events.map((entry) => entry.message)).toEqual(['e', 'd']);
    expect(first.nextBefore).toBe(4);
    const second = log.page({ limit: 2, before: first.nextBefore! });
    expect(second.events.map((entry) => entry.message)).toEqual(['c', 'b']);
    const last = log.page({ limit: 2, before: second.nextBefore! });
    expect(last).toMatchObject({ events: [{ message: 'a' }], nextBefore: null });
    expect(log.page({ limit: 5 }).nextBefore).toBeNull();
  });

  it('keeps entries in memory, in order, while the disk is full, and stores them once it can', () => {
    vi.useFakeTimers();
    const append = vi.spyOn(repository, 'append');
    append.mockImplementation(() => {
      throw diskFullError();
    });
    record('a');
    record('b');
    expect(log.page({ limit: 10 }).events).toEqual([]);
    expect(published).toEqual([]);
    expect(health.problems()).toEqual(['the database cannot be written: SQLITE_FULL: database or disk is full']);
    expect(log.problems()).toEqual(['2 event log entries wait in memory until the database can be written']);

    append.mockRestore();
    vi.advanceTimersByTime(EVENT_RETRY_MS);
    expect(log.page({ limit: 10 }).events.map((entry) => entry.message)).toEqual(['b', 'a']);
    expect(published.map((event) => (event as { entry: { message: string } }).entry.message)).toEqual(['a', 'b']);
    expect([...health.problems(), ...log.problems()]).toEqual([]);
  });

  it('drops the oldest entries beyond what it keeps in memory, and says how many', () => {
    vi.spyOn(repository, 'append').mockImplementation(() => {
      throw diskFullError();
    });
    const logs = recordLogs();
    try {
      for (let entry = 0; entry < MAX_PENDING_EVENTS + 2; entry++) record(`entry ${entry}`);
    } finally {
      logs.stop();
    }
    expect(log.problems()).toEqual([
      `${MAX_PENDING_EVENTS} event log entries wait in memory until the database can be written`,
      '2 event log entries were lost while the database could not be written',
    ]);
  });

  it('logs a failure (a node becoming UNREACHABLE) as a warning, a success as info', () => {
    const logs = recordLogs();
    try {
      record('Started "web1" on "pi"');
      log.record({
        action: EventAction.NODE_STATE_CHANGED,
        result: EventResult.FAILURE,
        nodeId: 'n1',
        nodeName: 'pi',
        instance: null,
        message: 'Node "pi" is UNREACHABLE after 2 failed polls: connection refused',
        actor: 'a node',
        owner: null,
      });
    } finally {
      logs.stop();
    }
    expect(logs.records().map((entry) => [entry['level'], entry['message']])).toEqual([
      ['info', 'instance-started success (alice): Started "web1" on "pi"'],
      ['warn', 'node-state-changed failure (a node): Node "pi" is UNREACHABLE after 2 failed polls: connection refused'],
    ]);
  });
});
