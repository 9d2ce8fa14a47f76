import { HttpException } from '@nestjs/common';
import { NodeState } from '@tinystack/contracts';
import {
  ComputeNodeAnsweredError,
  ComputeNodeUnreachableError,
  type CallOptions,
  type ComputeClient,
  type ComputeIdentifyLed,
  type ComputeLedStatus,
} from '@tinystack/compute-client';
import type { Clock } from '../clock/clock.js';
import type { ComputeClientFactory } from '../compute/compute-client.factory.js';
import { ManagerSettings } from '../config/manager.settings.js';
import type { EventLog } from '../events/event-log.service.js';
import type { ManagerEventBus } from '../events/manager-event-bus.js';
import type { UsageHistoryService } from '../history/usage-history.service.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteNodeRepository } from '../storage/sqlite-node.repository.js';
import { SqliteUsageHistoryRepository } from '../storage/sqlite-usage-history.repository.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { untouchable } from '../testing/strict-fake.js';
import { NodeRegistry } from './node-registry.service.js';
import { NodesService } from './nodes.service.js';
import type { TrackedNode } from './tracked-node.js';

const LED: ComputeLedStatus = {
  rows: [255, 255, 255, 255, 255, 255, 255, 255],
  legend: [{ row: 0, label: 'Containers', meaning: 'One LED per running container' }],
  brightness: 8,
  blink: 'off',
  identifying: true,
  mounting: { layout: 'adafruit-backpack', rotation: 0, mirror: false },
  device: { enabled: false, bus: 1, address: '0x70', connected: false, lastError: null, lastErrorAt: null },
  updatedAt: '2025-01-01T10:00:00.000Z',
};

interface IdentifyCall {
  body: ComputeIdentifyLed;
  options: CallOptions;
}

/** A compute client that only knows identifyLed; any other use fails the test. */
function identifyOnlyClient(calls: IdentifyCall[], answer: () => Promise<ComputeLedStatus>): ComputeClient {
  const strict = untouchable<ComputeClient>('ComputeClient');
  return new Proxy(strict, {
    get(target, property, receiver) {
      if (property === 'identifyLed') {
        return (body: ComputeIdentifyLed, options: CallOptions) => {
          calls.push({ body, options });
          return answer();
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

describe('NodesService.identify', () => {
  let database: ManagerDatabase;
  let calls: IdentifyCall[];
  let answer: () => Promise<ComputeLedStatus>;
  let node: TrackedNode;
  let service: NodesService;

  beforeEach(() => {
    database = memoryDatabase();
    calls = [];
    answer = async () => LED;
    const clients: ComputeClientFactory = { create: () => identifyOnlyClient(calls, () => answer()) };
    const registry = new NodeRegistry(new SqliteNodeRepository(database), new SqliteUsageHistoryRepository(database), clients);
    node = registry.add({ id: 'n1', name: 'pi-1', url: 'http://pi-1:7001', token: 'secret', registeredAt: new Date('2025-01-01T09:00:00Z') });
    node.state = NodeState.ACTIVE;
    const settings = Object.assign(new ManagerSettings(), { NODE_REQUEST_TIMEOUT_MS: 7000 });
    service = new NodesService(
      registry,
      untouchable<UsageHistoryService>('UsageHistoryService'),
      untouchable<ManagerEventBus>('ManagerEventBus'),
      untouchable<EventLog>('EventLog'),
      untouchable<Clock>('Clock'),
      settings,
    );
  });

  afterEach(() => database.onApplicationShutdown());

  it("passes the duration to the node within the request timeout and answers the node's LED status", async () => {
    await expect(service.identify('n1', { seconds: 3 })).resolves.toEqual(LED);
    expect(calls).toEqual([{ body: { seconds: 3 }, options: { timeoutMs: 7000 } }]);
  });

  it("leaves the duration to the node's default when none is given", async () => {
    await service.identify('n1', {});
    expect(calls).toEqual([{ body: { seconds: undefined }, options: { timeoutMs: 7000 } }]);
  });

  it('answers 404 for an unknown node and 503 for an UNREACHABLE one, without calling any node', async () => {
    await expect(service.identify('n2', {})).rejects.toMatchObject({ status: 404 });
    node.state = NodeState.UNREACHABLE;
    node.lastError = 'connection refused';
    const refused = await service.identify('n1', {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(503);
    expect((refused as HttpException).message).toContain('Node "pi-1" is UNREACHABLE (last error: connection refused)');
    expect(calls).toEqual([]);
  });

  it("keeps a node's 400 with its message and turns an unreachable node into 502, like the other proxied routes", async () => {
    answer = () => Promise.reject(new ComputeNodeAnsweredError(400, 'seconds must be at most 60'));
    await expect(service.identify('n1', { seconds: 61 })).rejects.toMatchObject({
      status: 400,
      response: { message: 'Node "pi-1": seconds must be at most 60' },
    });
    answer = () => Promise.reject(new ComputeNodeUnreachableError('connection refused', false));
    await expect(service.identify('n1', {})).rejects.toMatchObject({ status: 502 });
  });
});
