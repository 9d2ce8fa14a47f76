import { EventAction, EventResult, ManagerEventType, NodeState, type ManagerEventDto } from '@tinystack/contracts';
import type { ComputeClient, ComputeInstance, ComputeUsage } from '@tinystack/compute-client';
import type { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';
import { UsageHistoryService } from '../history/usage-history.service.js';
import type { PollOutcome } from '../polling/poll-outcome.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteEventLogRepository } from '../storage/sqlite-event-log.repository.js';
import { SqliteNodeRepository } from '../storage/sqlite-node.repository.js';
import { SqliteUsageHistoryRepository } from '../storage/sqlite-usage-history.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { untouchable } from '../testing/strict-fake.js';
import { NodeMonitor } from './node-monitor.service.js';
import { NodeRegistry } from './node-registry.service.js';
import type { TrackedNode } from './tracked-node.js';

const USAGE: ComputeUsage = {
  hostname: 'pi',
  sampledAt: '2025-01-01T10:00:00.000Z',
  cpuPercent: 10,
  memoryPercent: 20,
  memoryUsedBytes: 200,
  memoryTotalBytes: 1000,
  networkRxBytesPerSecond: 0,
  networkTxBytesPerSecond: 0,
  iops: 0,
  runningInstances: 1,
  totalInstances: 1,
  temperatureCelsius: null,
};
const WEB1: ComputeInstance = { id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.5'] };
const good = (instances: ComputeInstance[] | null = [WEB1]): PollOutcome => ({
  reachable: true,
  usage: USAGE,
  instances,
  instancesError: instances ? null : 'LXC is not usable on this node: lxc-ls not found',
});
const bad = (error: string): PollOutcome => ({ reachable: false, error });

describe('NodeMonitor', () => {
  let database: ManagerDatabase;
  let registry: NodeRegistry;
  let monitor: NodeMonitor;
  let events: SqliteEventLogRepository;
  let history: SqliteUsageHistoryRepository;
  let clock: ManualClock;
  let published: ManagerEventDto[];
  let node: TrackedNode;

  beforeEach(() => {
    database = memoryDatabase();
    clock = new ManualClock('2025-01-01T10:00:00Z');
    const settings = Object.assign(new ManagerSettings(), { NODE_UNREACHABLE_AFTER: 2, HISTORY_INTERVAL_MS: 10_000 });
    const nodes = new SqliteNodeRepository(database);
    history = new SqliteUsageHistoryRepository(database);
    events = new SqliteEventLogRepository(database);
    // Applying poll results never calls the node: the client must stay untouched.
    const clients: ComputeClientFactory = { create: () => untouchable<ComputeClient>('ComputeClient') };
    registry = new NodeRegistry(nodes, history, clients);
    const bus = new ManagerEventBus();
    published = [];
    bus.events$.subscribe((event) => published.push(event));
    monitor = new NodeMonitor(
      registry,
      new UsageHistoryService(history, clock, settings),
      bus,
      new EventLog(events, bus, clock),
      clock,
      settings,
    );
    node = registry.add({ id: 'n1', name: 'pi', url: 'http://pi:7001', token: 'secret', registeredAt: clock.now() });
  });

  afterEach(() => database.onApplicationShutdown());

  const poll = (outcome: PollOutcome, latencyMs = 5) => monitor.applyPoll(node, outcome, latencyMs, node.startInstanceRead());
  const types = () => published.map((event) => event.type);

  it('makes a PENDING node ACTIVE with its usage, instances and latency, and says so', () => {
    poll(good(), 12.34);
    expect(node).toMatchObject({ state: NodeState.ACTIVE, lastError: null, pollLatencyMs: 12.3, lastSeenAt: clock.now() });
    expect(node.usage).toEqual(USAGE);
    expect(node.instances).toEqual([{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.5'] }]);
    expect(types()).toEqual([ManagerEventType.INSTANCES, ManagerEventType.NODE_USAGE, ManagerEventType.NODE_STATE]);
    expect(published[2]).toMatchObject({ previousState: NodeState.PENDING, node: { state: NodeState.ACTIVE } });
    // A node's first answer is not worth an event log entry; only UNREACHABLE and back are.
    expect(events.page({ limit: 10 })).toEqual([]);
  });

  it('announces instances only when the list changed', () => {
    poll(good());
    published.length = 0;
    poll(good());
    expect(types()).toEqual([ManagerEventType.NODE_USAGE]);
    poll(good([{ ...WEB1, state: 'STOPPED' }]));
    expect(types()).toEqual([ManagerEventType.NODE_USAGE, ManagerEventType.INSTANCES, ManagerEventType.NODE_USAGE]);
  });

  it('keeps the last error, turns UNREACHABLE at the threshold and logs it, then comes back', () => {
    poll(good());
    published.length = 0;

    poll(bad('connection refused'));
    expect(node).toMatchObject({ state: NodeState.ACTIVE, consecutiveFailures: 1, lastError: 'connection refused' });
    expect(node.usage).toEqual(USAGE);

    poll(bad('no answer within 1500 ms'));
    expect(node).toMatchObject({ state: NodeState.UNREACHABLE, consecutiveFailures: 2, lastError: 'no answer within 1500 ms' });

    poll(bad('no answer within 1500 ms'));
    expect(types()).toEqual([ManagerEventType.NODE_STATE, ManagerEventType.NODE_STATE, ManagerEventType.ACTION]);

    clock.advance(1000);
    poll(good());
    expect(node).toMatchObject({ state: NodeState.ACTIVE, consecutiveFailures: 0, lastError: null, lastSeenAt: clock.now() });
    const log = events.page({ limit: 10 });
    expect(log.map(({ action, result, message }) => ({ action, result, message }))).toEqual([
      { action: EventAction.NODE_STATE_CHANGED, result: EventResult.SUCCESS, message: 'Node "pi" answers again and is ACTIVE' },
      {
        action: EventAction.NODE_STATE_CHANGED,
        result: EventResult.FAILURE,
        message: 'Node "pi" is UNREACHABLE after 2 failed polls: no answer within 1500 ms',
      },
    ]);
  });

  it('keeps a node without LXC ACTIVE and says why it has no instances', () => {
    poll(good(null));
    expect(node).toMatchObject({
      state: NodeState.ACTIVE,
      instances: null,
      instancesError: 'LXC is not usable on this node: lxc-ls not found',
    });
  });

  it('never lets an older instance read overwrite a newer one', () => {
    const older = node.startInstanceRead();
    const newer = node.startInstanceRead();
    monitor.applyPoll(node, good([{ ...WEB1, name: 'newer', id: 'newer' }]), 5, newer);
    monitor.applyPoll(node, good([{ ...WEB1, name: 'older', id: 'older' }]), 5, older);
    expect(node.instances?.map((instance) => instance.name)).toEqual(['newer']);
  });

  it('stores one history point per interval, not one per poll', () => {
    for (let second = 0; second < 30; second += 2) {
      poll(good());
      clock.advance(2000);
    }
    expect(history.between('n1', new Date(0), clock.now())).toHaveLength(3);
  });

  it('ignores a poll that finishes after its node was unregistered', () => {
    registry.remove('n1');
    poll(good());
    expect(published).toEqual([]);
    expect(node.state).toBe(NodeState.PENDING);
  });
});
