import { EventAction, EventResult } from '@tinystack/contracts';
import type { UsagePoint } from '../history/usage-point.js';
import { DuplicateNodeError } from '../nodes/node.repository.js';
import { memoryDatabase } from '../testing/memory-database.js';
import type { ManagerDatabase } from './manager-database.js';
import { SqliteEventLogRepository } from './sqlite-event-log.repository.js';
import { SqliteNodeRepository } from './sqlite-node.repository.js';
import { SqliteUsageHistoryRepository } from './sqlite-usage-history.repository.js';

const NODE = {
  id: 'n1',
  name: 'pi-1',
  url: 'http://pi-1:7001',
  token: 'secret-token',
  registeredAt: new Date('2025-01-01T00:00:00Z'),
  computeId: null,
};
const COMPUTE_ID = '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4';

function point(at: string, cpuPercent = 10): UsagePoint {
  return {
    at: new Date(at),
    cpuPercent,
    memoryPercent: 40,
    memoryUsedBytes: 400,
    memoryTotalBytes: 1000,
    networkRxBytesPerSecond: 1.5,
    networkTxBytesPerSecond: 2.5,
    iops: 3,
    runningInstances: 1,
    totalInstances: 2,
    temperatureCelsius: null,
    pollLatencyMs: 4.2,
  };
}

describe('SQLite repositories', () => {
  let database: ManagerDatabase;
  let nodes: SqliteNodeRepository;
  let history: SqliteUsageHistoryRepository;
  let events: SqliteEventLogRepository;

  beforeEach(() => {
    database = memoryDatabase();
    nodes = new SqliteNodeRepository(database);
    history = new SqliteUsageHistoryRepository(database);
    events = new SqliteEventLogRepository(database);
  });

  afterEach(() => database.onApplicationShutdown());

  describe('nodes', () => {
    it('stores and lists nodes with their token', () => {
      nodes.insert(NODE);
      nodes.insert({ ...NODE, id: 'n2', name: 'pi-2', url: 'http://pi-2:7001', registeredAt: new Date('2025-01-02T00:00:00Z') });
      expect(nodes.list()).toEqual([
        NODE,
        { ...NODE, id: 'n2', name: 'pi-2', url: 'http://pi-2:7001', registeredAt: new Date('2025-01-02T00:00:00Z') },
      ]);
    });

    it('refuses a second node with the same URL or the same name, naming which', () => {
      nodes.insert(NODE);
      expect(() => nodes.insert({ ...NODE, id: 'n2', name: 'other' })).toThrow(new DuplicateNodeError('url', NODE.url));
      expect(() => nodes.insert({ ...NODE, id: 'n3', url: 'http://elsewhere:7001' })).toThrow(
        new DuplicateNodeError('name', NODE.name),
      );
      expect(nodes.list()).toHaveLength(1);
    });

    it('keeps the compute id learnt later, and refuses a second node with the same one', () => {
      nodes.insert(NODE);
      nodes.setComputeId(NODE.id, COMPUTE_ID);
      expect(nodes.list()).toEqual([{ ...NODE, computeId: COMPUTE_ID }]);
      expect(() => nodes.insert({ ...NODE, id: 'n2', name: 'pi-2', url: 'http://localhost:7001', computeId: COMPUTE_ID })).toThrow(
        new DuplicateNodeError('computeId', COMPUTE_ID),
      );
      nodes.insert({ ...NODE, id: 'n3', name: 'pi-3', url: 'http://127.0.0.1:7001' });
      expect(() => nodes.setComputeId('n3', COMPUTE_ID)).toThrow(new DuplicateNodeError('computeId', COMPUTE_ID));
    });

    it("removes a node together with its usage history, and says whether there was one", () => {
      nodes.insert(NODE);
      history.append(NODE.id, point('2025-01-01T10:00:00Z'));
      expect(nodes.remove(NODE.id)).toBe(true);
      expect(nodes.remove(NODE.id)).toBe(false);
      expect(history.newestTimes()).toEqual(new Map());
    });
  });

  describe('usage history', () => {
    beforeEach(() => {
      nodes.insert(NODE);
      nodes.insert({ ...NODE, id: 'n2', name: 'pi-2', url: 'http://pi-2:7001' });
    });

    it('answers the points of one node within a range, oldest first, bounds included', () => {
      history.append(NODE.id, point('2025-01-01T10:00:20Z', 3));
      history.append(NODE.id, point('2025-01-01T10:00:00Z', 1));
      history.append(NODE.id, point('2025-01-01T10:00:10Z', 2));
      history.append(NODE.id, point('2025-01-01T10:00:30Z', 4));
      history.append('n2', point('2025-01-01T10:00:10Z', 99));
      const found = history.between(NODE.id, new Date('2025-01-01T10:00:00Z'), new Date('2025-01-01T10:00:20Z'));
      expect(found.map((entry) => entry.cpuPercent)).toEqual([1, 2, 3]);
      expect(found[0]).toEqual(point('2025-01-01T10:00:00Z', 1));
    });

    it("knows each node's newest point", () => {
      history.append(NODE.id, point('2025-01-01T10:00:00Z'));
      history.append(NODE.id, point('2025-01-01T11:00:00Z'));
      history.append('n2', point('2025-01-01T09:00:00Z'));
      expect(history.newestTimes()).toEqual(
        new Map([
          [NODE.id, new Date('2025-01-01T11:00:00Z')],
          ['n2', new Date('2025-01-01T09:00:00Z')],
        ]),
      );
    });

    it('deletes only points older than the cutoff', () => {
      history.append(NODE.id, point('2025-01-01T08:00:00Z'));
      history.append(NODE.id, point('2025-01-01T09:00:00Z'));
      history.append('n2', point('2025-01-01T10:00:00Z'));
      expect(history.deleteOlderThan(new Date('2025-01-01T09:00:00Z'))).toBe(1);
      expect(history.between(NODE.id, new Date(0), new Date('2030-01-01')).map((entry) => entry.at.toISOString())).toEqual([
        '2025-01-01T09:00:00.000Z',
      ]);
    });
  });

  describe('event log', () => {
    const entry = (message: string, nodeId: string | null = 'n1', ownerId: string | null = null) => ({
      at: new Date('2025-01-01T10:00:00Z'),
      action: EventAction.INSTANCE_CREATED,
      result: EventResult.SUCCESS,
      nodeId,
      nodeName: nodeId ? 'pi-1' : null,
      instance: 'web1',
      message,
      actor: 'alice',
      ownerId,
      ownerName: ownerId ? 'alice' : null,
    });

    it('gives entries increasing ids and pages them newest first', () => {
      const stored = ['a', 'b', 'c', 'd', 'e'].map((message) => events.append(entry(message)));
      expect(stored.map((event) => event.id)).toEqual([1, 2, 3, 4, 5]);
      expect(events.page({ limit: 2 }).map((event) => event.message)).toEqual(['e', 'd']);
      expect(events.page({ limit: 2, before: 4 }).map((event) => event.message)).toEqual(['c', 'b']);
      expect(events.page({ limit: 2, before: 2 }).map((event) => event.message)).toEqual(['a']);
      expect(events.page({ limit: 1 })[0]).toEqual({ id: 5, ...entry('e') });
    });

    it('filters by node', () => {
      events.append(entry('one', 'n1'));
      events.append(entry('two', null));
      events.append(entry('three', 'n2'));
      expect(events.page({ limit: 10, nodeId: 'n1' }).map((event) => event.message)).toEqual(['one']);
    });

    it("filters by the owner of the instance concerned, keeping the actor and the owner's name", () => {
      events.append(entry('mine', 'n1', 'u-alice'));
      events.append(entry('nobody', 'n1'));
      events.append(entry('theirs', 'n1', 'u-bob'));
      const mine = events.page({ limit: 10, ownerId: 'u-alice' });
      expect(mine.map((event) => event.message)).toEqual(['mine']);
      expect(mine[0]).toMatchObject({ actor: 'alice', ownerId: 'u-alice', ownerName: 'alice' });
      expect(events.page({ limit: 10 })).toHaveLength(3);
    });

    it('keeps only the newest entries when asked', () => {
      for (const message of ['a', 'b', 'c', 'd']) events.append(entry(message));
      expect(events.keepNewest(10)).toBe(0);
      expect(events.keepNewest(2)).toBe(2);
      expect(events.page({ limit: 10 }).map((event) => event.message)).toEqual(['d', 'c']);
      // ids keep increasing after a prune, so paging by id stays right
      expect(events.append(entry('e')).id).toBe(5);
    });
  });
});
