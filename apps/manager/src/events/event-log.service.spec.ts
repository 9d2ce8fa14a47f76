import { EventAction, EventResult, ManagerEventType, type ManagerEventDto } from '@tinystack/contracts';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteEventLogRepository } from '../storage/sqlite-event-log.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { recordLogs } from '../../../../libs/api-kit/src/logging/test-support/recorded-logs.js';
import { EventLog } from './event-log.service.js';
import { ManagerEventBus } from './manager-event-bus.js';

describe('EventLog', () => {
  let database: ManagerDatabase;
  let log: EventLog;
  let published: ManagerEventDto[];

  beforeEach(() => {
    database = memoryDatabase();
    const bus = new ManagerEventBus();
    published = [];
    bus.events$.subscribe((event) => published.push(event));
    log = new EventLog(new SqliteEventLogRepository(database), bus, new ManualClock('2025-01-01T10:00:00Z'));
  });

  afterEach(() => database.onApplicationShutdown());

  const record = (message: string) =>
    log.record({ action: EventAction.INSTANCE_STARTED, result: EventResult.SUCCESS, nodeId: 'n1', nodeName: 'pi', instance: 'web1', message });

  it('stores an entry and streams it as an action event', () => {
    const entry = record('Started "web1" on "pi"');
    expect(entry).toEqual({
      id: 1,
      at: '2025-01-01T10:00:00.000Z',
      action: EventAction.INSTANCE_STARTED,
      result: EventResult.SUCCESS,
      nodeId: 'n1',
      nodeName: 'pi',
      instance: 'web1',
      message: 'Started "web1" on "pi"',
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
      });
    } finally {
      logs.stop();
    }
    expect(logs.records().map((entry) => [entry['level'], entry['message']])).toEqual([
      ['info', 'instance-started success: Started "web1" on "pi"'],
      ['warn', 'node-state-changed failure: Node "pi" is UNREACHABLE after 2 failed polls: connection refused'],
    ]);
  });
});
