import { HttpException } from '@nestjs/common';
import { InstanceAction, NodeState, NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
  type ComputeHealth,
  type ComputeInstance,
  type ComputeInstanceDetails,
  type ComputeUsage,
} from '@tinystack/compute-client';
import type { NodeRecord } from '../nodes/node-record.js';
import { ManualClock } from '../testing/manual.clock.js';
import { StrictComputeClient } from '../testing/strict-compute-client.js';
import { NODE_TIMEOUT_MARGIN_MS } from './action-timeouts.js';
import { Board, type BoardContext, type BoardListener, type BoardSettings } from './board.js';

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
const WEB1: ComputeInstance = { id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.5'], limits: NO_INSTANCE_LIMITS, autostart: false };
const COMPUTE_ID = '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4';
const LIMITS = { commandTimeoutMs: 20_000, createTimeoutMs: 100_000, stopTimeoutSeconds: 10 };
const HEALTH: ComputeHealth = {
  hostname: 'pi',
  lxcAvailable: true,
  nodeId: COMPUTE_ID,
  version: '0.2.0',
  limits: LIMITS,
  ready: true,
  checks: [],
  architecture: 'amd64',
  templates: ['busybox'],
};
const SETTINGS: BoardSettings = {
  unreachableAfter: 2,
  pollTimeoutMs: 1500,
  requestTimeoutMs: 30_000,
  createTimeoutMs: 120_000,
  actionConcurrency: 2,
  followUpMs: 60_000,
  followUpRetryMs: 2000,
  healthEveryPolls: 30,
};

function details(name: string, state: ComputeInstanceDetails['state'] = 'STOPPED'): ComputeInstanceDetails {
  return {
    id: name,
    name,
    state,
    ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false,
    pid: state === 'RUNNING' ? 42 : null,
    cpuTimeNs: null,
    memoryBytes: null,
    blkioBytes: null,
    networkRxBytes: null,
    networkTxBytes: null,
  };
}

const lost = () => new ComputeNodeUnreachableError('connection reset by the node (socket hang up)', false, true);
const refused = () => new ComputeNodeUnreachableError('connection refused (connect ECONNREFUSED 10.0.0.21:7001)', false, false);
const missing = (name: string) => new ComputeNodeAnsweredError(404, `Instance "${name}" does not exist`);
const invalid = (call: string, problem: string) => new ComputeNodeInvalidAnswerError(call, problem);

/** Lets promises run their continuations: a held call's answer, a lane's next task. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Board', () => {
  let client: StrictComputeClient;
  let clock: ManualClock;
  let heard: string[];
  let claims: Array<[string, string]>;
  let claimAnswer: string | null;
  let board: Board;

  const record: NodeRecord = {
    id: 'n1',
    name: 'pi',
    url: 'http://pi:7001',
    token: 'secret',
    registeredAt: new Date('2025-01-01T09:00:00Z'),
    computeId: null,
  };

  function makeBoard(overrides: Partial<BoardSettings> = {}, computeId: string | null = null): Board {
    const listener: BoardListener = {
      stateChanged: (changed, previous) => heard.push(`state ${previous} -> ${changed.state}${changed.lastError ? `: ${changed.lastError}` : ''}`),
      polled: () => heard.push('polled'),
      instancesChanged: (changed) => heard.push(`instances ${changed.instances?.map((instance) => `${instance.name}:${instance.state}`).join(',')}`),
    };
    const context: BoardContext = {
      settings: { ...SETTINGS, ...overrides },
      clock,
      listener,
      pause: async (ms) => {
        heard.push(`pause ${ms}`);
        clock.advance(ms);
      },
      claimIdentity: (claimer, id) => {
        claims.push([claimer.id, id]);
        if (claimAnswer === null) claimer.record.computeId = id;
        return claimAnswer;
      },
    };
    return new Board({ ...record, computeId }, client, context, null, null);
  }

  beforeEach(() => {
    client = new StrictComputeClient();
    clock = new ManualClock('2025-01-01T10:00:00Z');
    heard = [];
    claims = [];
    claimAnswer = null;
    board = makeBoard();
  });

  afterEach(() => client.verify());

  /** A whole poll the node answers well; health only when it is due. */
  async function goodPoll(options: { health?: boolean; instances?: ComputeInstance[]; usage?: ComputeUsage } = {}): Promise<void> {
    client.expect('usage').answers(options.usage ?? USAGE);
    client.expect('listInstances').answers(options.instances ?? [WEB1]);
    if (options.health) client.expect('health').answers(HEALTH);
    await board.poll();
  }

  describe('state', () => {
    it('turns PENDING to ACTIVE at the first good poll, with usage, instances, identity, version and limits', async () => {
      await goodPoll({ health: true });
      expect(board).toMatchObject({ state: NodeState.ACTIVE, lastError: null, consecutiveFailures: 0, version: '0.2.0', limits: LIMITS });
      expect(board.lastSeenAt).toEqual(clock.now());
      expect(board.pollLatencyMs).toBeGreaterThanOrEqual(0);
      expect(board.usage).toEqual(USAGE);
      expect(board.usageStale).toBe(false);
      expect(board.instances).toEqual([{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.5'], limits: NO_INSTANCE_LIMITS, autostart: false }]);
      expect(board.computeId).toBe(COMPUTE_ID);
      // What images it runs and which templates it offers, from /health.
      expect([board.architecture, board.templates]).toEqual(['amd64', ['busybox']]);
      expect(board.requireArchitecture('create from an image')).toBe('amd64');
      expect(claims).toEqual([['n1', COMPUTE_ID]]);
      expect(heard).toEqual(['instances web1:RUNNING', 'state PENDING -> ACTIVE', 'polled']);
      expect(client.calls.map(({ method, timeoutMs }) => `${method} ${timeoutMs}`)).toEqual(['usage 1500', 'listInstances 1500', 'health 1500']);
    });

    it('reads /health again only after trouble or every healthEveryPolls polls', async () => {
      board = makeBoard({ healthEveryPolls: 3 });
      await goodPoll({ health: true });
      await goodPoll();
      await goodPoll();
      await goodPoll({ health: true });
      client.expect('usage').fails(lost());
      client.expect('listInstances').fails(lost());
      await board.poll();
      await goodPoll({ health: true });
      expect(board.state).toBe(NodeState.ACTIVE);
    });

    it('announces instances only when the list changed', async () => {
      await goodPoll({ health: true });
      heard.length = 0;
      await goodPoll();
      expect(heard).toEqual(['polled']);
      await goodPoll({ instances: [{ ...WEB1, state: 'STOPPED' }] });
      expect(heard).toEqual(['polled', 'instances web1:STOPPED', 'polled']);
    });

    it('keeps the last error, turns UNREACHABLE at the threshold keeping its usage (stale), then comes back', async () => {
      await goodPoll({ health: true });
      heard.length = 0;
      client.expect('usage').fails(refused());
      client.expect('listInstances').fails(refused());
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.ACTIVE, consecutiveFailures: 1, lastError: 'connection refused (connect ECONNREFUSED 10.0.0.21:7001)' });

      client.expect('usage').fails(new ComputeNodeUnreachableError('no answer within 1500 ms', true));
      client.expect('listInstances').answers([WEB1]);
      client.expect('health').answers(HEALTH);
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.UNREACHABLE, consecutiveFailures: 2, lastError: 'no answer within 1500 ms' });
      expect(board.usage).toEqual(USAGE);
      expect(board.usageStale).toBe(true);
      expect(board.placementCandidate()).toBeNull();
      expect(() => board.assertOperable()).toThrow('Node "pi" is UNREACHABLE (last error: no answer within 1500 ms)');

      clock.advance(1000);
      await goodPoll({ health: true });
      expect(board).toMatchObject({ state: NodeState.ACTIVE, consecutiveFailures: 0, lastError: null, usageStale: false });
      expect(board.lastSeenAt).toEqual(clock.now());
      expect(heard).toEqual([
        'state ACTIVE -> ACTIVE: connection refused (connect ECONNREFUSED 10.0.0.21:7001)',
        'state ACTIVE -> UNREACHABLE: no answer within 1500 ms',
        'state UNREACHABLE -> ACTIVE',
        'polled',
      ]);
    });

    it("counts a refused token and a node's 500 as failed polls, with the reason", async () => {
      client.expect('usage').fails(new ComputeNodeAnsweredError(401, 'The token was not accepted'));
      client.expect('listInstances').fails(new ComputeNodeAnsweredError(401, 'The token was not accepted'));
      client.expect('health').answers(HEALTH);
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.PENDING, lastError: "the node refused the manager's token (The token was not accepted)" });
      client.expect('usage').answers(USAGE);
      client.expect('listInstances').fails(new ComputeNodeAnsweredError(500, 'lxc-ls failed'));
      client.expect('health').answers(HEALTH);
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.UNREACHABLE, lastError: 'listing instances: the node answered 500: lxc-ls failed' });
    });

    it('keeps a node without LXC ACTIVE, says why it has no instances, and never places there', async () => {
      client.expect('usage').answers(USAGE);
      client.expect('listInstances').fails(new ComputeNodeAnsweredError(503, 'LXC is not usable on this node: lxc-ls not found'));
      client.expect('health').answers(HEALTH);
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.ACTIVE, instances: null, instancesError: 'LXC is not usable on this node: lxc-ls not found' });
      expect(board.placementCandidate()).toBeNull();
      expect(board.placeableProblem()).toBe('"pi" cannot run instances: LXC is not usable on this node: lxc-ls not found');
    });

    it('changes nothing once retired, whatever a poll in flight brings', async () => {
      client.expect('usage').answers(USAGE);
      const list = client.expect('listInstances').holds();
      client.expect('health').answers(HEALTH);
      const polled = board.poll();
      await settle();
      board.retire();
      list.answer([WEB1]);
      await polled;
      expect(board.state).toBe(NodeState.PENDING);
      expect(heard).toEqual([]);
      expect(client.closed).toBe(true);
    });
  });

  describe('answers that break the compute contract', () => {
    beforeEach(async () => {
      // /health with every poll, so that each of the three answers can break a poll.
      board = makeBoard({ healthEveryPolls: 1 });
      await goodPoll({ health: true });
      heard.length = 0;
    });

    it.each([
      ['usage', 'GET /usage', 'cpuPercent must be a number from 0 to 100 (got "99")'],
      ['usage', 'GET /usage', 'the answer is larger than 1 MB'],
      ['listInstances', 'GET /instances', 'the answer must be a list (got an object)'],
      ['health', 'GET /health', 'nodeId must be a UUID (got 5)'],
    ] as const)('makes the node FAULTY at once when %s breaks it, keeping its last good usage, stale', async (method, call, problem) => {
      const good = { usage: USAGE, listInstances: [WEB1], health: HEALTH } as const;
      for (const each of ['usage', 'listInstances', 'health'] as const) {
        if (each === method) client.expect(each).fails(invalid(call, problem));
        else client.expect(each).answers(good[each] as never);
      }
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.FAULTY, lastError: `${call}: ${problem}`, usage: USAGE, usageStale: true });
      expect(board.placementCandidate()).toBeNull();
      expect(() => board.assertOperable()).toThrow(`Node "pi" is FAULTY (last error: ${call}: ${problem})`);
      expect(heard).toEqual([`state ACTIVE -> FAULTY: ${call}: ${problem}`]);

      // The next fully valid poll (health included: trouble makes it due) makes it ACTIVE again.
      await goodPoll({ health: true, usage: { ...USAGE, cpuPercent: 55 } });
      expect(board).toMatchObject({ state: NodeState.ACTIVE, lastError: null, usageStale: false });
      expect(board.usage?.cpuPercent).toBe(55);
    });

    it('makes the node FAULTY when another compute node answers at its URL', async () => {
      board = makeBoard({}, COMPUTE_ID);
      client.expect('usage').answers(USAGE);
      client.expect('listInstances').answers([WEB1]);
      client.expect('health').answers({ ...HEALTH, nodeId: '11111111-2222-4333-8444-555555555555' });
      await board.poll();
      expect(board.state).toBe(NodeState.FAULTY);
      expect(board.lastError).toBe(
        `GET /health: another compute node answers at this URL (its id is 11111111-2222-4333-8444-555555555555; ` +
          `the node registered here is ${COMPUTE_ID}): unregister this node and register the one that answers`,
      );
      expect(board.instances).toBeNull();
    });

    it('makes the node FAULTY when it is a compute node already registered under another URL, listing none of its instances', async () => {
      board = makeBoard();
      claimAnswer = 'this is the compute node already registered as "alpha" at http://127.0.0.1:7001 (its id is x); unregister one of the two';
      client.expect('usage').answers(USAGE);
      client.expect('listInstances').answers([WEB1]);
      client.expect('health').answers(HEALTH);
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.FAULTY, lastError: claimAnswer, instances: null, computeId: null });
    });

    it('treats what an older node does not report in /health as unknown', async () => {
      board = makeBoard();
      claims.length = 0;
      client.expect('usage').answers(USAGE);
      client.expect('listInstances').answers([WEB1]);
      client.expect('health').answers({ ...HEALTH, nodeId: null, version: null, limits: null });
      await board.poll();
      expect(board).toMatchObject({ state: NodeState.ACTIVE, computeId: null, version: null, limits: null });
      expect(claims).toEqual([]);
    });

    it("makes the node FAULTY when a person's read gets a broken answer, and answers 502 naming the field", async () => {
      client.expect('getInstance', 'web1').fails(invalid('GET /instances/web1', 'pid must be a whole number, 0 or more, or null (got -1)'));
      const error = (await board.readInstance('web1').catch((caught: unknown) => caught)) as HttpException;
      expect(error.getStatus()).toBe(502);
      expect(error.message).toBe(
        'Node "pi" gave an answer that breaks the compute API: GET /instances/web1: pid must be a whole number, 0 or more, or null (got -1)',
      );
      expect(board.state).toBe(NodeState.FAULTY);
    });

    it("makes the node FAULTY when an action's answer is broken, and learns what the node did from a re-read", async () => {
      client.expect('actOnInstance', 'web1', { action: InstanceAction.STOP }).fails(invalid('POST /instances/web1', 'state must be one of: STOPPED (got "DONE")'));
      client.expect('getSettledInstance', 'web1').answers(details('web1', 'STOPPED'));
      const outcome = await board.act('web1', { action: InstanceAction.STOP });
      expect(outcome).toEqual({
        succeeded: true,
        instance: { ...details('web1', 'STOPPED') },
        note: `the node's answer broke the compute contract (POST /instances/web1: state must be one of: STOPPED (got "DONE")); re-read: the instance is STOPPED`,
      });
      expect(board.state).toBe(NodeState.FAULTY);
      expect(board.instances).toEqual([{ id: 'web1', name: 'web1', state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }]);
    });
  });

  describe('lanes', () => {
    beforeEach(async () => {
      await goodPoll({ health: true });
      heard.length = 0;
    });

    it('polls while every action slot waits on slow actions', async () => {
      const slow = ['a1', 'a2', 'a3'].map((name) => client.expect('actOnInstance', name, { action: InstanceAction.START }).holds());
      const outcomes = ['a1', 'a2', 'a3'].map((name) => board.act(name, { action: InstanceAction.START }));
      await settle();
      expect(slow.map((call) => call.arrived)).toEqual([true, true, false]);
      expect(board.actions()).toEqual({ running: 2, queued: 1, oldestQueuedMs: 0 });
      clock.advance(1500);
      expect(board.actions().oldestQueuedMs).toBe(1500);

      clock.advance(500);
      await goodPoll({ usage: { ...USAGE, cpuPercent: 70 } });
      expect(board.usage?.cpuPercent).toBe(70);
      expect(board.lastSeenAt).toEqual(clock.now());

      slow[0]!.answer(details('a1', 'RUNNING'));
      await settle();
      expect(slow[2]!.arrived).toBe(true);
      expect(board.actions()).toEqual({ running: 2, queued: 0, oldestQueuedMs: null });
      slow[1]!.answer(details('a2', 'RUNNING'));
      slow[2]!.answer(details('a3', 'RUNNING'));
      expect((await Promise.all(outcomes)).map((outcome) => outcome.succeeded)).toEqual([true, true, true]);
      expect(board.actions()).toEqual({ running: 0, queued: 0, oldestQueuedMs: null });
    });

    it('never runs two changes of one instance together, even with a slot free', async () => {
      const stop = client.expect('actOnInstance', 'web1', { action: InstanceAction.STOP }).holds();
      const stopped = board.act('web1', { action: InstanceAction.STOP });
      const deleted = board.remove('web1', false);
      await settle();
      expect(board.actions()).toEqual({ running: 1, queued: 1, oldestQueuedMs: 0 });
      client.expect('deleteInstance', 'web1', { force: false }).answers(undefined);
      stop.answer(details('web1', 'STOPPED'));
      await expect(stopped).resolves.toMatchObject({ succeeded: true });
      await expect(deleted).resolves.toEqual({ succeeded: true, instance: null, note: null });
      expect(board.instances).toEqual([]);
    });

    it("times a change by the node's own limits plus a margin, or by the manager's settings when the node does not say", async () => {
      client.expect('actOnInstance', 'web1', { action: InstanceAction.START }).answers(details('web1', 'RUNNING'));
      await board.act('web1', { action: InstanceAction.START });
      client.expect('actOnInstance', 'web1', { action: InstanceAction.STOP, timeoutSeconds: 5 }).answers(details('web1', 'STOPPED'));
      await board.act('web1', { action: InstanceAction.STOP, timeoutSeconds: 5 });
      client.expect('createInstance', { name: 'db1' }).answers(details('db1'));
      await board.create({ name: 'db1' });
      const tool = LIMITS.commandTimeoutMs;
      expect(client.calls.slice(-3).map((call) => call.timeoutMs)).toEqual([
        3 * tool + NODE_TIMEOUT_MARGIN_MS,
        5000 + 4 * tool + NODE_TIMEOUT_MARGIN_MS,
        LIMITS.createTimeoutMs + 3 * tool + NODE_TIMEOUT_MARGIN_MS,
      ]);

      const older = makeBoard();
      client.expect('actOnInstance', 'web1', { action: InstanceAction.STOP, timeoutSeconds: 5 }).answers(details('web1', 'STOPPED'));
      await older.act('web1', { action: InstanceAction.STOP, timeoutSeconds: 5 });
      expect(client.calls.at(-1)!.timeoutMs).toBe(SETTINGS.requestTimeoutMs + 5000);
    });
  });

  describe('changes', () => {
    beforeEach(async () => {
      await goodPoll({ health: true });
      heard.length = 0;
    });

    it("applies the node's answer to the cache without listing the instances again", async () => {
      client.expect('createInstance', { name: 'db1', start: true }).answers(details('db1', 'RUNNING'));
      await expect(board.create({ name: 'db1', start: true })).resolves.toEqual({ succeeded: true, instance: details('db1', 'RUNNING'), note: null });
      client.expect('renameInstance', 'db1', { name: 'db2' }).answers(details('db2', 'STOPPED'));
      await board.rename('db1', 'db2');
      client.expect('deleteInstance', 'web1', { force: true }).answers(undefined);
      await board.remove('web1', true);
      expect(heard).toEqual(['instances db1:RUNNING,web1:RUNNING', 'instances web1:RUNNING', 'instances db2:STOPPED,web1:RUNNING', 'instances db2:STOPPED']);
      expect(board.instances?.map((instance) => instance.name)).toEqual(['db2']);
    });

    it('keeps a poll that listed before a change from undoing it', async () => {
      client.expect('usage').answers(USAGE);
      const list = client.expect('listInstances').holds();
      const polled = board.poll();
      client.expect('actOnInstance', 'web1', { action: InstanceAction.STOP }).answers(details('web1', 'STOPPED'));
      await board.act('web1', { action: InstanceAction.STOP });
      list.answer([WEB1]);
      await polled;
      expect(board.instances).toEqual([{ id: 'web1', name: 'web1', state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false }]);
      expect(board.usage).toEqual(USAGE);
    });

    it("fails with the node's own error and words when the node refused, without re-reading", async () => {
      client.expect('createInstance', { name: 'web1' }).fails(new ComputeNodeAnsweredError(409, 'An instance named "web1" already exists'));
      await expect(board.create({ name: 'web1' })).resolves.toEqual({
        succeeded: false,
        error: { statusCode: 409, message: 'Node "pi": An instance named "web1" already exists' },
        note: null,
      });
      client
        .expect('actOnInstance', 'web1', { action: InstanceAction.START })
        .fails(new ComputeNodeAnsweredError(504, 'lxc-start did not finish within 20000 ms; after the start attempt the instance is STOPPED'));
      await expect(board.act('web1', { action: InstanceAction.START })).resolves.toEqual({
        succeeded: false,
        error: { statusCode: 504, message: 'Node "pi": lxc-start did not finish within 20000 ms; after the start attempt the instance is STOPPED' },
        note: null,
      });
    });

    it('fails at once, without a re-read, when the request never reached the node', async () => {
      client.expect('createInstance', { name: 'db1' }).fails(refused());
      await expect(board.create({ name: 'db1' })).resolves.toEqual({
        succeeded: false,
        error: { statusCode: 502, message: 'Node "pi" at http://pi:7001 could not be reached: connection refused (connect ECONNREFUSED 10.0.0.21:7001)' },
        note: null,
      });
    });

    it('learns the truth of a create cut off by a crash, re-reading while the node is away', async () => {
      client.expect('createInstance', { name: 'db1', start: true }).fails(lost());
      client.expect('getSettledInstance', 'db1').fails(refused());
      client.expect('getSettledInstance', 'db1').fails(new ComputeNodeUnreachableError('no answer within 205000 ms', true));
      client.expect('getSettledInstance', 'db1').answers(details('db1', 'RUNNING'));
      const outcome = await board.create({ name: 'db1', start: true });
      expect(outcome).toEqual({
        succeeded: true,
        instance: details('db1', 'RUNNING'),
        note: "the node's answer was lost (connection reset by the node (socket hang up)); re-read: the instance exists and is RUNNING",
      });
      expect(heard).toEqual(['pause 2000', 'pause 2000', 'instances db1:RUNNING,web1:RUNNING']);
      const timeout = LIMITS.createTimeoutMs + 4 * LIMITS.commandTimeoutMs + NODE_TIMEOUT_MARGIN_MS;
      expect(client.calls.filter((call) => call.method === 'getSettledInstance').map((call) => call.timeoutMs)).toEqual([timeout, timeout, timeout]);
      expect(board.reservedInstances).toBe(0);
    });

    it('reports a timed-out start as failed when the re-read finds it stopped, with the timeout as its error', async () => {
      client.expect('actOnInstance', 'web1', { action: InstanceAction.START }).fails(new ComputeNodeUnreachableError('no answer within 65000 ms', true));
      client.expect('getSettledInstance', 'web1').answers(details('web1', 'STOPPED'));
      await expect(board.act('web1', { action: InstanceAction.START })).resolves.toEqual({
        succeeded: false,
        error: { statusCode: 504, message: 'Node "pi" did not answer in time (no answer within 65000 ms)' },
        note: "the node's answer was lost (no answer within 65000 ms); re-read: the instance is STOPPED",
      });
    });

    it('learns that a cut-off create did nothing, and that a cut-off delete did its work', async () => {
      client.expect('createInstance', { name: 'db1' }).fails(lost());
      client.expect('getSettledInstance', 'db1').fails(missing('db1'));
      await expect(board.create({ name: 'db1' })).resolves.toMatchObject({
        succeeded: false,
        error: { statusCode: 502 },
        note: "the node's answer was lost (connection reset by the node (socket hang up)); re-read: the instance does not exist",
      });
      client.expect('deleteInstance', 'web1', { force: false }).fails(lost());
      client.expect('getSettledInstance', 'web1').fails(missing('web1'));
      await expect(board.remove('web1', false)).resolves.toEqual({
        succeeded: true,
        instance: null,
        note: "the node's answer was lost (connection reset by the node (socket hang up)); re-read: the instance no longer exists",
      });
      expect(board.instances).toEqual([]);
    });

    it('learns where a cut-off rename left the instance', async () => {
      client.expect('renameInstance', 'web1', { name: 'web2' }).fails(lost());
      client.expect('getSettledInstance', 'web2').fails(missing('web2'));
      client.expect('getSettledInstance', 'web1').answers(details('web1', 'STOPPED'));
      await expect(board.rename('web1', 'web2')).resolves.toMatchObject({
        succeeded: false,
        note: `the node's answer was lost (connection reset by the node (socket hang up)); re-read: "web1" still exists (STOPPED)`,
      });
      client.expect('renameInstance', 'web1', { name: 'web2' }).fails(lost());
      client.expect('getSettledInstance', 'web2').answers(details('web2', 'STOPPED'));
      await expect(board.rename('web1', 'web2')).resolves.toMatchObject({ succeeded: true, instance: details('web2', 'STOPPED') });
      expect(board.instances?.map((instance) => instance.name)).toEqual(['web2']);
    });

    it('gives up once the follow-up bound has passed: failed, saying the outcome is unknown', async () => {
      board = makeBoard({ followUpMs: 5000 });
      client.expect('createInstance', { name: 'db1' }).fails(lost());
      for (let attempt = 0; attempt < 4; attempt++) client.expect('getSettledInstance', 'db1').fails(refused());
      await expect(board.create({ name: 'db1' })).resolves.toEqual({
        succeeded: false,
        error: { statusCode: 502, message: 'Node "pi" at http://pi:7001 could not be reached: connection reset by the node (socket hang up)' },
        note: "the node's answer was lost (connection reset by the node (socket hang up)); the instance could not be re-read within 5000 ms: the outcome is unknown",
      });
    });
  });

  describe('reservations', () => {
    beforeEach(async () => {
      await goodPoll({ health: true });
    });

    it('counts a placed create from the moment it is placed until the node answered', async () => {
      const reservation = board.reserve();
      expect(board.reservedInstances).toBe(1);
      expect(board.placementCandidate()).toMatchObject({ runningInstances: 1, totalInstances: 1, reservedInstances: 1 });
      const create = client.expect('createInstance', { name: 'db1' }).holds();
      const created = board.create({ name: 'db1' }, reservation);
      await settle();
      expect(board.reservedInstances).toBe(1);
      create.answer(details('db1'));
      await created;
      expect(board.reservedInstances).toBe(0);
      expect(board.placementCandidate()).toMatchObject({ totalInstances: 2, reservedInstances: 0 });
    });

    it('reserves for a create on a named node too, and releases on failure', async () => {
      const create = client.expect('createInstance', { name: 'db1' }).holds();
      const created = board.create({ name: 'db1' });
      expect(board.reservedInstances).toBe(1);
      create.fail(new ComputeNodeAnsweredError(400, 'template "x" is not offered'));
      await created;
      expect(board.reservedInstances).toBe(0);
    });

    it('releases a reservation once only', () => {
      const reservation = board.reserve();
      reservation.release();
      reservation.release();
      expect(board.reservedInstances).toBe(0);
    });
  });
});
