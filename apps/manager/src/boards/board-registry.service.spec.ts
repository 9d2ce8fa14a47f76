import { EventAction, EventResult, ManagerEventType, NodeState, NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import { ComputeNodeInvalidAnswerError } from '@tinystack/compute-client';
import { BoardKit } from '../testing/board-kit.js';
import { diskFullError } from '../testing/disk-full.js';
import { DuplicateNodeError } from '../nodes/node.repository.js';

const COMPUTE_ID = '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4';

describe('BoardRegistry and BoardPublisher', () => {
  let kit: BoardKit;

  beforeEach(() => {
    kit = new BoardKit();
  });

  afterEach(() => {
    kit.verify();
    kit.close();
  });

  it("stores the compute id a node registered before ids reports at its first contact", async () => {
    const { board } = kit.add('alpha');
    await kit.poll(board, { health: { nodeId: COMPUTE_ID } });
    expect(board.computeId).toBe(COMPUTE_ID);
    expect(kit.nodes.list()[0]).toMatchObject({ id: board.id, computeId: COMPUTE_ID });
    expect(kit.registry.findByComputeId(COMPUTE_ID)).toBe(board);
  });

  it('makes the second of two registrations of one compute node FAULTY, naming the first', async () => {
    const { board: first } = kit.add('localhost-node');
    const { board: second } = kit.add('loopback-node');
    await kit.poll(first, { health: { nodeId: COMPUTE_ID }, instances: [{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }] });
    await kit.poll(second, { health: { nodeId: COMPUTE_ID }, instances: [{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }] });
    expect(second.state).toBe(NodeState.FAULTY);
    expect(second.lastError).toBe(
      `this is the compute node already registered as "localhost-node" at http://localhost-node:7001 (its id is ${COMPUTE_ID}); ` +
        'unregister one of the two',
    );
    expect(second.instances).toBeNull();
    expect(kit.nodes.list().map((record) => record.computeId)).toEqual([COMPUTE_ID, null]);
  });

  it('logs a node turning FAULTY and answering correctly again, and streams every state change', async () => {
    const { board, client } = kit.add('alpha');
    await kit.poll(board);
    client.expect('usage').fails(new ComputeNodeInvalidAnswerError('GET /usage', 'cpuPercent must be a number from 0 to 100 (got -1000)'));
    client.expect('listInstances').answers([]);
    await board.poll();
    await kit.poll(board, { health: {} });
    expect(kit.events.page({ limit: 10 }).map(({ action, result, message }) => ({ action, result, message }))).toEqual([
      { action: EventAction.NODE_STATE_CHANGED, result: EventResult.SUCCESS, message: 'Node "alpha" answers correctly again and is ACTIVE' },
      {
        action: EventAction.NODE_STATE_CHANGED,
        result: EventResult.FAILURE,
        message: 'Node "alpha" is FAULTY: GET /usage: cpuPercent must be a number from 0 to 100 (got -1000)',
      },
    ]);
    const states = kit.published.filter((event) => event.type === ManagerEventType.NODE_STATE).map((event) => event.node.state);
    expect(states).toEqual([NodeState.ACTIVE, NodeState.FAULTY, NodeState.ACTIVE]);
  });

  it('leaves memory unchanged when the database refuses a new node', () => {
    kit.add('alpha');
    expect(() => kit.add('alpha')).toThrow(DuplicateNodeError);
    vi.spyOn(kit.nodes, 'insert').mockImplementationOnce(() => {
      throw diskFullError();
    });
    expect(() => kit.add('beta')).toThrow('database or disk is full');
    expect(kit.registry.all().map((board) => board.name)).toEqual(['alpha']);
    expect(kit.databaseHealth.problems()).toEqual(['the database cannot be written: SQLITE_FULL: database or disk is full']);
  });

  it('loads stored nodes PENDING at start-up, with their compute id', () => {
    kit.add('alpha', COMPUTE_ID);
    const restarted = new BoardKit();
    try {
      restarted.nodes.insert({ ...kit.nodes.list()[0]! });
      restarted.registry.onModuleInit();
      expect(restarted.registry.all().map((board) => [board.name, board.state, board.computeId])).toEqual([['alpha', NodeState.PENDING, COMPUTE_ID]]);
    } finally {
      restarted.close();
    }
  });
});
