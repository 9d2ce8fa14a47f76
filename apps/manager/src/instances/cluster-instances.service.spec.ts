import { ForbiddenException } from '@nestjs/common';
import { EventAction, EventResult, InstanceAction, ManagerEventType, NodeState, OperationStatus, type OperationDto, NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import { ComputeNodeAnsweredError, type ComputeInstanceDetails } from '@tinystack/compute-client';
import type { Board } from '../boards/board.js';
import { OperationsService } from '../operations/operations.service.js';
import type { Principal } from '../auth/principal.js';
import { BoardKit } from '../testing/board-kit.js';
import { adminTokenPrincipal, principalOf } from '../testing/principals.js';
import { ClusterInstancesService } from './cluster-instances.service.js';

function details(name: string, state: ComputeInstanceDetails['state'] = 'STOPPED'): ComputeInstanceDetails {
  return { id: name, name, state, ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, pid: null, cpuTimeNs: null, memoryBytes: null, blkioBytes: null, networkRxBytes: null, networkTxBytes: null };
}

describe('ClusterInstancesService with operations', () => {
  let kit: BoardKit;
  let operations: OperationsService;
  let service: ClusterInstancesService;
  let admin: Principal;

  beforeEach(() => {
    kit = new BoardKit();
    operations = new OperationsService(kit.bus, kit.eventLog, kit.clock);
    service = new ClusterInstancesService(kit.registry, operations, kit.eventLog, kit.ownership, kit.quotas, kit.users, kit.images, kit.distribution);
    admin = adminTokenPrincipal(kit.users.builtInAdmin);
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
    const started = Array.from({ length: 20 }, (_, index) => service.create(admin, { name: `lab${index}` }));
    expect(started.map((operation) => operation.nodeName)).toEqual(Array.from({ length: 20 }, (_, index) => (index % 2 ? 'beta' : 'alpha')));
    expect(boards.map((board) => board.reservedInstances)).toEqual([10, 10]);
    const last = started[19]!;
    expect(last.placement!.candidates.map(({ nodeName, reservedInstances, score }) => ({ nodeName, reservedInstances, score }))).toEqual([
      { nodeName: 'beta', reservedInstances: 9, score: 125 },
      { nodeName: 'alpha', reservedInstances: 10, score: 135 },
    ]);
    expect(last.placement!.formula).toContain('10 × (runningInstances + reservedInstances)');

    held.forEach((call, index) => call.answer(details(`lab${index}`)));
    const finished = await Promise.all(started.map((operation) => operations.wait(operation.id, 5, admin)));
    expect(finished.every((operation) => operation.status === OperationStatus.SUCCEEDED)).toBe(true);
    expect(boards.map((board) => [board.reservedInstances, board.instances?.length])).toEqual([
      [0, 10],
      [0, 10],
    ]);
  });

  it('answers a running operation at once and finishes it with what the node did, streamed and logged', async () => {
    const [alpha] = await activeBoards('alpha');
    const create = kit.client(alpha!.url).expect('createInstance', { name: 'web1', start: true }).holds();
    const operation = service.create(admin, { name: 'web1', start: true });
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
    const waited = operations.wait(operation.id, 60, admin);
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
    expect(service.list(admin)).toEqual([
      {
        id: 'web1',
        name: 'web1',
        state: 'RUNNING',
        ipv4: [],
        limits: NO_INSTANCE_LIMITS,
        autostart: false,
        owner: 'admin',
        nodeId: alpha!.id,
        nodeName: 'alpha',
        nodeState: NodeState.ACTIVE,
        cpuPercent: null,
        memoryBytes: null,
      },
    ]);
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
    const operation = service.act(admin, alpha!.id, 'ghost', { action: InstanceAction.START });
    const finished = await operations.wait(operation.id, 5, admin);
    expect(finished).toMatchObject({ status: OperationStatus.FAILED, error: { statusCode: 404, message: 'Node "alpha": Instance "ghost" does not exist' } });
    expect(kit.events.page({ limit: 1 })[0]).toMatchObject({
      action: EventAction.INSTANCE_STARTED,
      result: EventResult.FAILURE,
      message: 'Could not start "ghost": Node "alpha": Instance "ghost" does not exist',
    });
  });

  it('refuses at once what it can foresee, logging it: unknown node, UNREACHABLE node, nowhere to place', async () => {
    expect(() => service.create(admin, { name: 'web1' })).toThrow('No compute node is registered: register one with POST /api/nodes');
    const { board } = kit.add('alpha');
    expect(() => service.create(admin, { name: 'web1' })).toThrow('No ACTIVE node can take the instance: "alpha" is PENDING');
    expect(() => service.create(admin, { name: 'web1', nodeId: '00000000-0000-4000-8000-999999999999' })).toThrow('No node with id');
    board.state = NodeState.UNREACHABLE;
    board.lastError = 'connection refused';
    expect(() => service.remove(admin, board.id, 'web1', false)).toThrow('Node "alpha" is UNREACHABLE (last error: connection refused)');
    expect(operations.list({}, admin)).toEqual([]);
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
    const first = service.remove(admin, alpha!.id, 'a', false);
    await operations.wait(first.id, 5, admin);
    const second: OperationDto = service.remove(admin, alpha!.id, 'b', true);
    expect(operations.list({}, admin).map((operation) => operation.id)).toEqual([second.id, first.id]);
    expect(operations.list({ status: OperationStatus.RUNNING }, admin).map((operation) => operation.id)).toEqual([second.id]);
    expect(operations.list({ limit: 1 }, admin).map((operation) => operation.id)).toEqual([second.id]);
    held.answer(undefined);
    await expect(operations.wait(second.id, 5, admin)).resolves.toMatchObject({ status: OperationStatus.SUCCEEDED, result: null });
    expect(() => operations.get('00000000-0000-4000-8000-999999999999', admin)).toThrow('No operation with id');
  });

  it('answers a wait that runs out with the operation still running', async () => {
    vi.useFakeTimers();
    try {
      const [alpha] = await activeBoards('alpha');
      const held = kit.client(alpha!.url).expect('renameInstance', 'a', { name: 'b' }).holds();
      const operation = service.rename(admin, alpha!.id, 'a', 'b');
      const waited = operations.wait(operation.id, 3, admin);
      await vi.advanceTimersByTimeAsync(3000);
      await expect(waited).resolves.toMatchObject({ status: OperationStatus.RUNNING });
      held.answer(details('b'));
      await vi.advanceTimersByTimeAsync(0);
      expect(operations.get(operation.id, admin).status).toBe(OperationStatus.SUCCEEDED);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets operations an hour after they finished', async () => {
    const [alpha] = await activeBoards('alpha');
    kit.client(alpha!.url).expect('deleteInstance', 'a', { force: false }).answers(undefined);
    const operation = service.remove(admin, alpha!.id, 'a', false);
    await operations.wait(operation.id, 5, admin);
    kit.clock.advance(59 * 60_000);
    expect(operations.list({}, admin)).toHaveLength(1);
    kit.clock.advance(2 * 60_000);
    expect(operations.list({}, admin)).toEqual([]);
  });
});

describe('ClusterInstancesService for a class: owners, what members see, quotas', () => {
  let kit: BoardKit;
  let operations: OperationsService;
  let service: ClusterInstancesService;
  let admin: Principal;
  let alice: Principal;
  let bob: Principal;
  let alpha: Board;

  beforeEach(async () => {
    kit = new BoardKit();
    operations = new OperationsService(kit.bus, kit.eventLog, kit.clock);
    service = new ClusterInstancesService(kit.registry, operations, kit.eventLog, kit.ownership, kit.quotas, kit.users, kit.images, kit.distribution);
    admin = adminTokenPrincipal(kit.users.builtInAdmin);
    alice = principalOf(kit.addUser('alice'));
    bob = principalOf(kit.addUser('bob'));
    alpha = kit.add('alpha').board;
    await kit.poll(alpha, { instances: [{ id: 'legacy', name: 'legacy', state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }] });
  });

  afterEach(() => {
    kit.verify();
    kit.close();
  });

  async function created(viewer: Principal, name: string, start = false): Promise<void> {
    kit.client(alpha.url).expect('createInstance', start ? { name, start } : { name }).answers(details(name, start ? 'RUNNING' : 'STOPPED'));
    const operation = service.create(viewer, start ? { name, start } : { name });
    expect(await operations.wait(operation.id, 5, viewer)).toMatchObject({ status: OperationStatus.SUCCEEDED });
  }

  it("gives each instance its creator as owner: a member lists their own, the admin all with owners, and an instance nobody owns is the admin's", async () => {
    await created(alice, 'web1');
    await created(bob, 'db1');
    expect(service.list(alice).map(({ name, owner }) => `${name}:${owner}`)).toEqual(['web1:alice']);
    expect(service.list(bob).map(({ name, owner }) => `${name}:${owner}`)).toEqual(['db1:bob']);
    expect(service.list(admin).map(({ name, owner }) => `${name}:${owner}`)).toEqual(['db1:bob', 'legacy:admin', 'web1:alice']);
    const lists = kit.published.filter((event) => event.type === ManagerEventType.INSTANCES);
    expect(lists.at(-1)).toMatchObject({ instances: expect.arrayContaining([expect.objectContaining({ name: 'db1', owner: 'bob' })]) });
  });

  it("answers a member's every move on someone else's instance with the 404 of a missing one, without asking the node", async () => {
    await created(bob, 'db1');
    const missing = 'Node "alpha": Instance "nothing" does not exist';
    const theirs = 'Node "alpha": Instance "db1" does not exist';
    const attempts = [
      () => service.act(alice, alpha.id, 'db1', { action: InstanceAction.STOP }),
      () => service.rename(alice, alpha.id, 'db1', 'mine'),
      () => service.remove(alice, alpha.id, 'db1', true),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(theirs);
    await expect(service.get(alice, alpha.id, 'db1')).rejects.toMatchObject({ status: 404, message: theirs });
    await expect(service.get(alice, alpha.id, 'nothing')).rejects.toMatchObject({ status: 404, message: missing });
    expect(() => service.act(alice, alpha.id, 'legacy', { action: InstanceAction.STOP })).toThrow('Node "alpha": Instance "legacy" does not exist');
    // Refusals are logged for the admins only: the owner's log does not show who probed.
    expect(kit.events.page({ limit: 5, ownerId: bob.userId }).map((entry) => entry.message)).toEqual(['Created "db1" (STOPPED) on "alpha", the least loaded node (score 40)']);
    expect(kit.events.page({ limit: 1 })[0]).toMatchObject({ actor: 'alice', ownerId: null, result: EventResult.FAILURE });
    expect(operations.list({}, alice)).toEqual([]);
    const [bobs] = operations.list({}, bob);
    expect(() => operations.get(bobs!.id, alice)).toThrow('No operation with id');
    expect(operations.get(bobs!.id, admin)).toMatchObject({ owner: 'bob', actor: 'bob' });
  });

  it('lets the admin act on anything, logging who did it and whose it is', async () => {
    await created(alice, 'web1');
    kit.client(alpha.url).expect('actOnInstance', 'web1', { action: InstanceAction.START }).answers(details('web1', 'RUNNING'));
    const started = service.act(admin, alpha.id, 'web1', { action: InstanceAction.START });
    expect(started).toMatchObject({ owner: 'alice', actor: 'admin token' });
    await operations.wait(started.id, 5, admin);
    expect(kit.events.page({ limit: 1 })[0]).toMatchObject({ action: EventAction.INSTANCE_STARTED, actor: 'admin token', ownerName: 'alice', ownerId: alice.userId });
  });

  it('moves the owner with a rename and forgets it with a delete', async () => {
    await created(alice, 'web1');
    kit.client(alpha.url).expect('renameInstance', 'web1', { name: 'web2' }).answers(details('web2'));
    await operations.wait(service.rename(alice, alpha.id, 'web1', 'web2').id, 5, alice);
    expect(service.list(alice).map((instance) => instance.name)).toEqual(['web2']);
    kit.client(alpha.url).expect('deleteInstance', 'web2', { force: false }).answers(undefined);
    await operations.wait(service.remove(alice, alpha.id, 'web2', false).id, 5, alice);
    expect(service.list(alice)).toEqual([]);
    expect(kit.ownership.instancesOf(alice.userId)).toEqual([]);
  });

  it('creates for a member when the admin names them; a member may not name anyone else', async () => {
    kit.client(alpha.url).expect('createInstance', { name: 'lab1' }).answers(details('lab1'));
    const operation = service.create(admin, { name: 'lab1', owner: 'alice' });
    expect(operation).toMatchObject({ owner: 'alice', actor: 'admin token' });
    await operations.wait(operation.id, 5, admin);
    expect(service.list(alice).map((instance) => instance.name)).toEqual(['lab1']);
    expect(() => service.create(alice, { name: 'lab2', owner: 'bob' })).toThrow('Only a teacher (admin) can create an instance for someone else');
    expect(() => service.create(admin, { name: 'lab2', owner: 'nobody' })).toThrow('there is no user "nobody"');
  });

  it('refuses a create over the instances quota at once with its words, counts creates in flight, and allows again after a delete', async () => {
    kit.quotas.setDefaults({ instances: 2, running: 1 });
    const held = ['a1', 'a2'].map((name) => kit.client(alpha.url).expect('createInstance', { name }).holds());
    const inFlight = ['a1', 'a2'].map((name) => service.create(alice, { name }));
    expect(() => service.create(alice, { name: 'a3' })).toThrow(
      new ForbiddenException('Quota reached: you have 2 of 2 instances. Delete one first, or ask your teacher for a larger quota.'),
    );
    expect(kit.quotas.usage(alice.userId)).toEqual({ instances: 2, running: 0, memoryMiB: 0 });
    held.forEach((call, index) => call.answer(details(`a${index + 1}`)));
    for (const operation of inFlight) await operations.wait(operation.id, 5, alice);
    expect(kit.quotas.usage(alice.userId)).toEqual({ instances: 2, running: 0, memoryMiB: 0 });
    expect(() => service.create(alice, { name: 'a3' })).toThrow('you have 2 of 2 instances');
    // Bob has his own count; the admin has none.
    await created(bob, 'b1');
    await created(admin, 'teacher1');
    kit.client(alpha.url).expect('deleteInstance', 'a1', { force: false }).answers(undefined);
    await operations.wait(service.remove(alice, alpha.id, 'a1', false).id, 5, alice);
    await created(alice, 'a3');
    expect(kit.events.page({ limit: 20, ownerId: alice.userId }).some((entry) => entry.message.includes('Quota reached'))).toBe(true);
  });

  it('refuses a start, or a create with start, over the running quota; a start of a running one costs nothing', async () => {
    kit.quotas.setDefaults({ instances: 5, running: 1 });
    await created(alice, 'a1', true);
    await created(alice, 'a2');
    expect(() => service.act(alice, alpha.id, 'a2', { action: InstanceAction.START })).toThrow(
      'Quota reached: you have 1 of 1 running instances. Stop one first, or ask your teacher for a larger quota.',
    );
    expect(() => service.create(alice, { name: 'a3', start: true })).toThrow('you have 1 of 1 running instances');
    kit.client(alpha.url).expect('actOnInstance', 'a1', { action: InstanceAction.RESTART }).answers(details('a1', 'RUNNING'));
    await operations.wait(service.act(alice, alpha.id, 'a1', { action: InstanceAction.RESTART }).id, 5, alice);
    kit.client(alpha.url).expect('actOnInstance', 'a1', { action: InstanceAction.STOP }).answers(details('a1', 'STOPPED'));
    await operations.wait(service.act(alice, alpha.id, 'a1', { action: InstanceAction.STOP }).id, 5, alice);
    kit.client(alpha.url).expect('actOnInstance', 'a2', { action: InstanceAction.START }).answers(details('a2', 'RUNNING'));
    expect(await operations.wait(service.act(alice, alpha.id, 'a2', { action: InstanceAction.START }).id, 5, alice)).toMatchObject({
      status: OperationStatus.SUCCEEDED,
    });
    // A member's own limit wins over the default.
    kit.users.update(alice.userId, { quota: { instances: null, running: 2, memoryMiB: null } }, 'test');
    kit.client(alpha.url).expect('actOnInstance', 'a1', { action: InstanceAction.START }).answers(details('a1', 'RUNNING'));
    await operations.wait(service.act(alice, alpha.id, 'a1', { action: InstanceAction.START }).id, 5, alice);
    expect(kit.quotas.usage(alice.userId)).toEqual({ instances: 2, running: 2, memoryMiB: 0 });
  });
});
