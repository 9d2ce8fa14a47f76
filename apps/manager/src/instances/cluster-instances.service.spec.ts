import { EventAction, EventResult, InstanceAction, ManagerEventType, NodeState, OperationStatus, type OperationDto } from '@tinystack/contracts';
import { ComputeNodeAnsweredError, type ComputeInstanceDetails } from '@tinystack/compute-client';
import type { Board } from '../boards/board.js';
import { OperationsService } from '../operations/operations.service.js';
import { BoardKit } from '../testing/board-kit.js';
import { ClusterInstancesService } from './cluster-instances.service.js';

function details(name: string, state: ComputeInstanceDetails['state'] = 'STOPPED'): ComputeInstanceDetails {
  return { id: name, name, state, ipv4: [], pid: null, cpuTimeNs: null, memoryBytes: null, blkioBytes: null, networkRxBytes: null, networkTxBytes: null };
}

describe('ClusterInstancesService with operations', () => {
  let kit: BoardKit;
  let operations: OperationsService;
  let service: ClusterInstancesService;

  beforeEach(() => {
    kit = new BoardKit();
    operations = new OperationsService(kit.bus, kit.eventLog, kit.clock);
    service = new ClusterInstancesService(kit.registry, operations, kit.eventLog);
  });

  afterEach(() => {
    kit.verify();
    kit.close();
  });

  async function activeBoards(...names: string[]): Promise<Board[]> {
    const boards = names.map((name) => kit.add(name).board);
    for (const board of boards) await kit.poll(board, { usage: { cpuPercent: 5, memoryPercent: 30 } });
    return boards;
  }

  it('spreads 20 creates pressed at once over two equal nodes: each counts the creates already placed', async () => {
    const boards = await activeBoards('alpha', 'beta');
    // Equal figures: the first goes to alpha (by name), then each goes where fewer creates are coming.
    const held = Array.from({ length: 20 }, (_, index) =>
      kit.client(boards[index % 2]!.url).expect('createInstance', { name: `lab${index}` }).holds(),
    );
    const started = Array.from({ length: 20 }, (_, index) => service.create({ name: `lab${index}` }));
    expect(started.map((operation) => operation.nodeName)).toEqual(Array.from({ length: 20 }, (_, index) => (index % 2 ? 'beta' : 'alpha')));
    expect(boards.map((board) => board.reservedInstances)).toEqual([10, 10]);
    const last = started[19]!;
    expect(last.placement!.candidates.map(({ nodeName, reservedInstances, score }) => ({ nodeName, reservedInstances, score }))).toEqual([
      { nodeName: 'beta', reservedInstances: 9, score: 125 },
      { nodeName: 'alpha', reservedInstances: 10, score: 135 },
    ]);
    expect(last.placement!.formula).toContain('10 × (runningInstances + reservedInstances)');

    held.forEach((call, index) => call.answer(details(`lab${index}`)));
    const finished = await Promise.all(started.map((operation) => operations.wait(operation.id, 5)));
    expect(finished.every((operation) => operation.status === OperationStatus.SUCCEEDED)).toBe(true);
    expect(boards.map((board) => [board.reservedInstances, board.instances?.length])).toEqual([
      [0, 10],
      [0, 10],
    ]);
  });

  it('answers a running operation at once and finishes it with what the node did, streamed and logged', async () => {
    const [alpha] = await activeBoards('alpha');
    const create = kit.client(alpha!.url).expect('createInstance', { name: 'web1', start: true }).holds();
    const operation = service.create({ name: 'web1', start: true });
    expect(operation).toMatchObject({
      action: 'create',
      nodeId: alpha!.id,
      nodeName: 'alpha',
      instance: 'web1',
      status: OperationStatus.RUNNING,
      finishedAt: null,
      result: null,
      error: null,
      note: null,
    });
    expect(operation.placement?.candidates.map((candidate) => candidate.nodeName)).toEqual(['alpha']);
    const waited = operations.wait(operation.id, 60);
    kit.clock.advance(1200);
    create.answer(details('web1', 'RUNNING'));
    const finished = await waited;
    expect(finished).toMatchObject({
      status: OperationStatus.SUCCEEDED,
      finishedAt: '2025-01-01T10:00:01.200Z',
      result: { name: 'web1', state: 'RUNNING', nodeId: alpha!.id, nodeName: 'alpha' },
      error: null,
    });
    expect(alpha!.reservedInstances).toBe(0);
    expect(service.list()).toEqual([{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [], nodeId: alpha!.id, nodeName: 'alpha', nodeState: NodeState.ACTIVE }]);
    const streamed = kit.published.filter((event) => event.type === ManagerEventType.OPERATION).map((event) => event.operation.status);
    expect(streamed).toEqual([OperationStatus.RUNNING, OperationStatus.SUCCEEDED]);
    expect(kit.events.page({ limit: 1 })[0]).toMatchObject({
      action: EventAction.INSTANCE_CREATED,
      result: EventResult.SUCCESS,
      instance: 'web1',
      message: 'Created "web1" (RUNNING) on "alpha", the least loaded node (score 35)',
    });
  });

  it("fails an operation with the node's status and words, logged as a failure", async () => {
    const [alpha] = await activeBoards('alpha');
    kit.client(alpha!.url).expect('actOnInstance', 'ghost', { action: InstanceAction.START }).fails(new ComputeNodeAnsweredError(404, 'Instance "ghost" does not exist'));
    const operation = service.act(alpha!.id, 'ghost', { action: InstanceAction.START });
    const finished = await operations.wait(operation.id, 5);
    expect(finished).toMatchObject({ status: OperationStatus.FAILED, error: { statusCode: 404, message: 'Node "alpha": Instance "ghost" does not exist' } });
    expect(kit.events.page({ limit: 1 })[0]).toMatchObject({
      action: EventAction.INSTANCE_STARTED,
      result: EventResult.FAILURE,
      message: 'Could not start "ghost": Node "alpha": Instance "ghost" does not exist',
    });
  });

  it('refuses at once what it can foresee, logging it: unknown node, UNREACHABLE node, nowhere to place', async () => {
    expect(() => service.create({ name: 'web1' })).toThrow('No compute node is registered: register one with POST /api/nodes');
    const { board } = kit.add('alpha');
    expect(() => service.create({ name: 'web1' })).toThrow('No ACTIVE node can take the instance: "alpha" is PENDING');
    expect(() => service.create({ name: 'web1', nodeId: '00000000-0000-4000-8000-999999999999' })).toThrow('No node with id');
    board.state = NodeState.UNREACHABLE;
    board.lastError = 'connection refused';
    expect(() => service.remove(board.id, 'web1', false)).toThrow('Node "alpha" is UNREACHABLE (last error: connection refused)');
    expect(operations.list({})).toEqual([]);
    expect(kit.events.page({ limit: 10 }).map((entry) => [entry.action, entry.result, entry.nodeName])).toEqual([
      [EventAction.INSTANCE_DELETED, EventResult.FAILURE, 'alpha'],
      [EventAction.INSTANCE_CREATED, EventResult.FAILURE, null],
      [EventAction.INSTANCE_CREATED, EventResult.FAILURE, null],
      [EventAction.INSTANCE_CREATED, EventResult.FAILURE, null],
    ]);
  });

  it('lists operations newest first, by status, and answers 404 for one it does not keep', async () => {
    const [alpha] = await activeBoards('alpha');
    const client = kit.client(alpha!.url);
    client.expect('deleteInstance', 'a', { force: false }).answers(undefined);
    const held = client.expect('deleteInstance', 'b', { force: true }).holds();
    const first = service.remove(alpha!.id, 'a', false);
    await operations.wait(first.id, 5);
    const second: OperationDto = service.remove(alpha!.id, 'b', true);
    expect(operations.list({}).map((operation) => operation.id)).toEqual([second.id, first.id]);
    expect(operations.list({ status: OperationStatus.RUNNING }).map((operation) => operation.id)).toEqual([second.id]);
    expect(operations.list({ limit: 1 }).map((operation) => operation.id)).toEqual([second.id]);
    held.answer(undefined);
    await expect(operations.wait(second.id, 5)).resolves.toMatchObject({ status: OperationStatus.SUCCEEDED, result: null });
    expect(() => operations.get('00000000-0000-4000-8000-999999999999')).toThrow('No operation with id');
  });

  it('answers a wait that runs out with the operation still running', async () => {
    vi.useFakeTimers();
    try {
      const [alpha] = await activeBoards('alpha');
      const held = kit.client(alpha!.url).expect('renameInstance', 'a', { name: 'b' }).holds();
      const operation = service.rename(alpha!.id, 'a', 'b');
      const waited = operations.wait(operation.id, 3);
      await vi.advanceTimersByTimeAsync(3000);
      await expect(waited).resolves.toMatchObject({ status: OperationStatus.RUNNING });
      held.answer(details('b'));
      await vi.advanceTimersByTimeAsync(0);
      expect(operations.get(operation.id).status).toBe(OperationStatus.SUCCEEDED);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets operations an hour after they finished', async () => {
    const [alpha] = await activeBoards('alpha');
    kit.client(alpha!.url).expect('deleteInstance', 'a', { force: false }).answers(undefined);
    const operation = service.remove(alpha!.id, 'a', false);
    await operations.wait(operation.id, 5);
    kit.clock.advance(59 * 60_000);
    expect(operations.list({})).toHaveLength(1);
    kit.clock.advance(2 * 60_000);
    expect(operations.list({})).toEqual([]);
  });
});
