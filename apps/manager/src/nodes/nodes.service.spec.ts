import { HttpException } from '@nestjs/common';
import { EventAction, NodeState } from '@tinystack/contracts';
import {
  ComputeNodeAnsweredError,
  ComputeNodeUnreachableError,
  type ComputeLedStatus,
} from '@tinystack/compute-client';
import { BoardKit } from '../testing/board-kit.js';
import { diskFullError } from '../testing/disk-full.js';
import { NodesService } from './nodes.service.js';

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

describe('NodesService', () => {
  let kit: BoardKit;
  let service: NodesService;

  beforeEach(() => {
    kit = new BoardKit();
    service = new NodesService(kit.registry, kit.history, kit.bus, kit.eventLog, kit.clock, kit.ownership);
  });

  afterEach(() => {
    kit.verify();
    kit.close();
  });

  it("passes the identify duration to the node within its read limit and answers the node's LED status", async () => {
    const { board, client } = kit.add('pi-1');
    await kit.poll(board);
    client.expect('identifyLed', { seconds: 3 }).answers(LED);
    await expect(service.identify(board.id, { seconds: 3 })).resolves.toEqual(LED);
    client.expect('identifyLed', { seconds: undefined }).answers(LED);
    await service.identify(board.id, {});
    expect(client.calls.filter((call) => call.method === 'identifyLed').map((call) => call.timeoutMs)).toEqual([30_000, 30_000]);
  });

  it('answers 404 for an unknown node and 503 for an UNREACHABLE one, without calling any node', async () => {
    const { board, client } = kit.add('pi-1');
    await expect(service.identify('00000000-0000-4000-8000-999999999999', {})).rejects.toMatchObject({ status: 404 });
    for (let poll = 0; poll < 2; poll++) {
      client.expect('usage').fails(new ComputeNodeUnreachableError('connection refused', false, false));
      client.expect('listInstances').fails(new ComputeNodeUnreachableError('connection refused', false, false));
      client.expect('health').fails(new ComputeNodeUnreachableError('connection refused', false, false));
      await board.poll();
    }
    expect(board.state).toBe(NodeState.UNREACHABLE);
    const refused = await service.identify(board.id, {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(503);
    expect((refused as HttpException).message).toContain('Node "pi-1" is UNREACHABLE (last error: connection refused)');
  });

  it("keeps a node's 400 with its message and turns an unreachable node into 502, like the other proxied routes", async () => {
    const { board, client } = kit.add('pi-1');
    await kit.poll(board);
    client.expect('identifyLed', { seconds: 61 }).fails(new ComputeNodeAnsweredError(400, 'seconds must be at most 60'));
    await expect(service.identify(board.id, { seconds: 61 })).rejects.toMatchObject({
      status: 400,
      response: { message: 'Node "pi-1": seconds must be at most 60' },
    });
    client.expect('led').fails(new ComputeNodeUnreachableError('connection refused', false, false));
    await expect(service.led(board.id)).rejects.toMatchObject({ status: 502 });
  });

  it('unregisters a node, logs it and stops its board; refuses with 503 when the database cannot be written', async () => {
    const { board, client } = kit.add('pi-1');
    const { board: other } = kit.add('pi-2');
    service.unregister(board.id, 'admin token');
    expect(service.list().map((node) => node.name)).toEqual(['pi-2']);
    expect(client.closed).toBe(true);
    expect(kit.events.page({ limit: 1 })[0]).toMatchObject({ action: EventAction.NODE_UNREGISTERED, nodeId: board.id });

    vi.spyOn(kit.nodes, 'remove').mockImplementationOnce(() => {
      throw diskFullError();
    });
    const refused = service.unregister.bind(service, other.id, 'admin token');
    expect(refused).toThrow('The node was not unregistered: the database cannot be written (SQLITE_FULL: database or disk is full)');
    expect(service.list().map((node) => node.name)).toEqual(['pi-2']);
  });
});
