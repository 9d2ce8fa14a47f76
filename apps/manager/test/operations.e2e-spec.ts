import { rmSync } from 'node:fs';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import {
  COMPUTE_TOKEN,
  computeNodeProcess,
  MANAGER_TOKEN,
  managerProcess,
  pathWith,
  scratchDirectory,
  slowToolDirectory,
} from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import { change, finished } from './operations.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

/** How long the slow node's lxc-start sleeps before it starts the container. */
const SLOW_START_SECONDS = 3;
/** Starts sent to the slow node at once: more than its action lane runs together (4). */
const SLOW_STARTS = 6;

describeWithLxc('operations with real compute nodes (processes from dist, real LXC)', () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  let alpha: SpawnedApp;
  let beta: SpawnedApp;
  let slow: SpawnedApp;
  let manager: SpawnedApp;
  let alphaId: string;
  let betaId: string;
  let slowId: string;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  const nodeById = async (id: string) => (await api('GET', `/api/nodes/${id}`)).body;

  beforeAll(async () => {
    for (let index = 0; index < 3; index++) lxcPaths.push(await createTemporaryLxcPath());
    alpha = await computeNodeProcess('alpha', lxcPaths[0]!, scratch);
    beta = await computeNodeProcess('beta', lxcPaths[1]!, scratch);
    // A board whose lxc-start is slow: a script first on its PATH sleeps, then runs the real one.
    const slowStart = slowToolDirectory('lxc-start', SLOW_START_SECONDS, scratch);
    slow = await computeNodeProcess('slow', lxcPaths[2]!, scratch, { env: { PATH: pathWith(slowStart) } });
    const managerDirectory = scratchDirectory('operations-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([alpha.start(), beta.start(), slow.start(), manager.start()]);
    alphaId = await register(alpha, 'alpha');
    betaId = await register(beta, 'beta');
  });

  async function register(node: SpawnedApp, name: string): Promise<string> {
    const registered = await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    return registered.body.id;
  }

  afterAll(async () => {
    await Promise.allSettled([manager, alpha, beta, slow].filter(Boolean).map((app) => app.stop()));
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('spreads creates pressed at once over two equal nodes, each placement counting the creates in flight', async () => {
    // Both nodes read the same /proc fixture: equal figures, so only the creates in flight tell them apart.
    const names = Array.from({ length: 8 }, (_, index) => `lab${index + 1}`);
    const accepted = await Promise.all(names.map((name) => api('POST', '/api/instances', { name })));
    expect(accepted.map((answer) => answer.status)).toEqual(names.map(() => 202));
    const outcomes = await Promise.all(accepted.map((answer) => finished(api, answer, 120)));
    expect(outcomes.map((operation) => operation.status)).toEqual(names.map(() => 'succeeded'));
    const onAlpha = outcomes.filter((operation) => operation.nodeId === alphaId).length;
    // An even split, give or take the creates that finished while others were still being placed.
    expect(onAlpha, `alpha got ${onAlpha} of ${names.length}`).toBeGreaterThanOrEqual(3);
    expect(onAlpha, `alpha got ${onAlpha} of ${names.length}`).toBeLessThanOrEqual(5);
    const reserved = outcomes.map((operation) =>
      operation.placement.candidates.reduce((sum: number, candidate: { reservedInstances: number }) => sum + candidate.reservedInstances, 0),
    );
    expect(Math.max(...reserved)).toBeGreaterThan(0);
    for (const id of [alphaId, betaId]) expect((await nodeById(id)).reservedInstances).toBe(0);
    const listed = (await api('GET', '/api/instances')).body.map((instance: { name: string }) => instance.name).sort();
    expect(listed).toEqual([...names].sort());
  });

  it("keeps a node's usage fresh while slow starts queue on it, and answers reads at once", async () => {
    slowId = await register(slow, 'slow');
    const names = Array.from({ length: SLOW_STARTS }, (_, index) => `slow${index + 1}`);
    for (const name of names) expect(await change(api, 'POST', '/api/instances', { name, nodeId: slowId })).toMatchObject({ status: 'succeeded' });
    const accepted = await Promise.all(names.map((name) => api('POST', `/api/nodes/${slowId}/instances/${name}`, { action: 'start' })));
    expect(accepted.map((answer) => answer.status)).toEqual(names.map(() => 202));

    const lane = await waitFor('the slow node to run four starts and queue the rest', 10_000, async () => {
      const node = await nodeById(slowId);
      return node.actions.running === 4 && node.actions.queued === SLOW_STARTS - 4 ? node.actions : undefined;
    });
    expect(lane.oldestQueuedMs).toBeGreaterThanOrEqual(0);

    // While the starts take their time, polls of this node go on: its last-seen time keeps moving.
    const seen = new Set<string>();
    await waitFor('three fresh polls of the slow node during its starts', 3 * SLOW_START_SECONDS * 1000, async () => {
      const node = await nodeById(slowId);
      if (node.actions.running > 0) seen.add(node.lastSeenAt);
      return seen.size >= 3 ? true : undefined;
    });
    // A plain read of an instance of this node goes through the poll lane: answered while the starts still run.
    const read = await api('GET', `/api/nodes/${slowId}/instances/${names[SLOW_STARTS - 1]}`);
    expect(read).toMatchObject({ status: 200, body: { name: names[SLOW_STARTS - 1] } });
    expect((await nodeById(slowId)).actions.running).toBeGreaterThan(0);

    const outcomes = await Promise.all(accepted.map((answer) => finished(api, answer, 120)));
    expect(outcomes.map((operation) => [operation.status, operation.result?.state])).toEqual(names.map(() => ['succeeded', 'RUNNING']));
    expect((await nodeById(slowId)).actions).toEqual({ running: 0, queued: 0, oldestQueuedMs: null });
  });

  it('ends an operation cut off by a crash of the node with what the node did, once it is back', async () => {
    expect(await change(api, 'POST', '/api/instances', { name: 'crash1', nodeId: slowId })).toMatchObject({ status: 'succeeded', result: { state: 'STOPPED' } });
    const accepted = await api('POST', `/api/nodes/${slowId}/instances/crash1`, { action: 'start' });
    expect(accepted.status).toBe(202);
    await waitFor('the start to reach the node', 5_000, async () => ((await nodeById(slowId)).actions.running === 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The node dies with the start under way; its lxc-start carries on and starts the container.
    await slow.kill();
    await waitFor('the slow node to be UNREACHABLE', 10_000, async () => ((await nodeById(slowId)).state === 'UNREACHABLE' ? true : undefined));
    expect((await api('GET', `/api/operations/${accepted.body.id}`)).body.status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, (SLOW_START_SECONDS + 2) * 1000));
    await slow.start();

    const outcome = await finished(api, accepted, 60);
    expect(outcome).toMatchObject({ action: 'start', status: 'succeeded', result: { name: 'crash1', state: 'RUNNING' } });
    expect(outcome.note).toMatch(/^the node's answer was lost \(.+\); re-read: the instance is RUNNING$/);
    const listed = (await api('GET', '/api/instances')).body.find((instance: { name: string }) => instance.name === 'crash1');
    expect(listed).toMatchObject({ state: 'RUNNING', nodeId: slowId });
    const [entry] = (await api('GET', `/api/events/log?nodeId=${slowId}&limit=1`)).body.events;
    expect(entry).toMatchObject({ action: 'instance-started', result: 'success', instance: 'crash1' });
    expect(entry.message).toContain("re-read: the instance is RUNNING");
  });
});
