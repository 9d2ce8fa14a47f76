import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { defaultNodeName } from '../src/nodes/node-name.js';
import {
  COMPUTE_TOKEN,
  computeNodeProcess,
  MANAGER_TOKEN,
  managerProcess,
  POLL_INTERVAL_MS,
  scratchDirectory,
} from './cluster.js';
import { EventStreamClient } from './event-stream-client.js';
import { httpCall, type Answer } from './http-call.js';
import { change, finished } from './operations.js';
import { freePort, type SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

const UNKNOWN_NODE = '00000000-0000-4000-8000-000000000000';

describeWithLxc('manager with real compute nodes (processes from dist, real LXC)', () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  let alpha: SpawnedApp;
  let beta: SpawnedApp;
  let lacking: SpawnedApp;
  let manager: SpawnedApp;
  let stream: EventStreamClient;
  let alphaId: string;
  let betaId: string;
  let betaName: string;
  let lackingId: string;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  const nodeById = async (id: string) => (await api('GET', `/api/nodes/${id}`)).body;
  const onNode = (node: SpawnedApp, method: string, path: string, body?: unknown) =>
    httpCall(node.baseUrl, method, path, { body, token: COMPUTE_TOKEN });

  beforeAll(async () => {
    lxcPaths.push(await createTemporaryLxcPath(), await createTemporaryLxcPath());
    alpha = await computeNodeProcess('alpha', lxcPaths[0]!, scratch);
    beta = await computeNodeProcess('beta', lxcPaths[1]!, scratch);
    lacking = await computeNodeProcess('lacking', null, scratch);
    const managerDirectory = scratchDirectory('manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([alpha.start(), beta.start(), lacking.start(), manager.start()]);
    stream = await EventStreamClient.connect(`${manager.baseUrl}/api/events`, { authorization: `Bearer ${MANAGER_TOKEN}` });
  });

  afterAll(async () => {
    await stream?.close();
    await Promise.allSettled([manager, alpha, beta, lacking].filter(Boolean).map((app) => app.stop()));
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('refuses every /api route without the token, and answers /health and the documents without one', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/nodes'],
      ['POST', '/api/nodes'],
      ['GET', `/api/nodes/${UNKNOWN_NODE}`],
      ['DELETE', `/api/nodes/${UNKNOWN_NODE}`],
      ['GET', `/api/nodes/${UNKNOWN_NODE}/usage/history`],
      ['GET', `/api/nodes/${UNKNOWN_NODE}/led`],
      ['GET', '/api/instances'],
      ['POST', '/api/instances'],
      ['GET', `/api/nodes/${UNKNOWN_NODE}/instances/web1`],
      ['POST', `/api/nodes/${UNKNOWN_NODE}/instances/web1`],
      ['PUT', `/api/nodes/${UNKNOWN_NODE}/instances/web1`],
      ['DELETE', `/api/nodes/${UNKNOWN_NODE}/instances/web1`],
      ['GET', '/api/events'],
      ['GET', '/api/events/log'],
      ['GET', '/api/operations'],
      ['GET', `/api/operations/${UNKNOWN_NODE}`],
    ];
    for (const [method, path] of routes) {
      const missing = await httpCall(manager.baseUrl, method, path, { token: null });
      expect(missing.status, `${method} ${path} without a token`).toBe(401);
      expect(missing.body.message).toContain('Authorization: Bearer');
      const wrong = await httpCall(manager.baseUrl, method, path, { token: `${MANAGER_TOKEN}x` });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
    }
    // A token in the address is no credential, not even for the event stream (the console's stream sends the session cookie).
    expect((await httpCall(manager.baseUrl, 'GET', `/api/nodes?access_token=${MANAGER_TOKEN}`, { token: null })).status).toBe(401);
    expect((await httpCall(manager.baseUrl, 'GET', `/api/events?access_token=${MANAGER_TOKEN}`, { token: null })).status).toBe(401);

    const health = await httpCall(manager.baseUrl, 'GET', '/health', { token: null });
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', problems: [], nodes: 0 } });
    const document = await httpCall(manager.baseUrl, 'GET', '/api/docs-json', { token: null });
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/api/nodes', '/api/events', '/health']));
    const ui = await httpCall(manager.baseUrl, 'GET', '/api/docs', { token: null });
    expect(ui.status).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });

  it('registers both nodes after talking to them, and shows them ACTIVE with usage and no token', async () => {
    const first = await api('POST', '/api/nodes', { url: `${alpha.baseUrl}/`, token: COMPUTE_TOKEN, name: 'alpha' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'alpha', url: alpha.baseUrl, state: 'ACTIVE', instanceCount: 0, instancesError: null });
    expect(first.body.usage).toMatchObject({ cpuPercent: 0, totalInstances: 0 });
    alphaId = first.body.id;

    const second = await api('POST', '/api/nodes', { url: beta.baseUrl, token: COMPUTE_TOKEN });
    expect(second.status).toBe(201);
    betaName = defaultNodeName(hostname(), (name) => name === 'alpha');
    expect(second.body).toMatchObject({ name: betaName, state: 'ACTIVE' });
    betaId = second.body.id;

    const listed = await api('GET', '/api/nodes');
    expect(listed.status).toBe(200);
    expect(listed.body.map((node: { id: string }) => node.id).sort()).toEqual([alphaId, betaId].sort());
    expect(JSON.stringify(listed.body)).not.toContain(COMPUTE_TOKEN);
    expect(Object.keys(listed.body[0]).sort()).toEqual(
      [
        'actions',
        'architecture',
        'checks',
        'computeId',
        'consecutiveFailures',
        'id',
        'instanceCount',
        'instancesError',
        'lastError',
        'lastSeenAt',
        'name',
        'pollLatencyMs',
        'ready',
        'registeredAt',
        'reservedInstances',
        'runningInstanceCount',
        'state',
        'templates',
        'url',
        'usage',
        'usageStale',
        'version',
      ].sort(),
    );
    expect(listed.body[0]).toMatchObject({ usageStale: false, reservedInstances: 0, actions: { running: 0, queued: 0, oldestQueuedMs: null } });
    // What the node's /health says of the board, for images and the console's create dialog.
    expect(listed.body[0]).toMatchObject({ architecture: expect.stringMatching(/^(amd64|arm64|armhf)$/), templates: expect.arrayContaining(['busybox']) });

    // Polling keeps them fresh: lastSeenAt moves on without any request to the nodes from here.
    const seen = (await nodeById(alphaId)).lastSeenAt;
    await waitFor('a newer poll of alpha', 10_000, async () => ((await nodeById(alphaId)).lastSeenAt > seen ? true : undefined));
    expect((await nodeById(alphaId)).pollLatencyMs).toBeGreaterThan(0);
  });

  it('refuses bad registrations with a status and a message that say what is wrong', async () => {
    const badUrl = await api('POST', '/api/nodes', { url: 'ftp://10.0.0.1', token: COMPUTE_TOKEN });
    expect(badUrl).toMatchObject({ status: 400, body: { message: expect.stringContaining('url must start with http:// or https://') } });

    const credentials = await api('POST', '/api/nodes', { url: 'http://root:pw@127.0.0.1:7001', token: COMPUTE_TOKEN });
    expect(credentials.status).toBe(400);
    expect(credentials.body.message).toContain('must not contain a user name or password');

    const extra = await api('POST', '/api/nodes', { url: alpha.baseUrl, token: COMPUTE_TOKEN, tokn: 'typo' });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('property tokn should not exist');

    const wrongToken = await api('POST', '/api/nodes', { url: lacking.baseUrl.replace('127.0.0.1', 'localhost'), token: 'not-the-token' });
    expect(wrongToken.status).toBe(422);
    expect(wrongToken.body.message).toContain('refused the token: The token was not accepted');

    const sameBoard = await api('POST', '/api/nodes', { url: beta.baseUrl.replace('127.0.0.1', 'localhost'), token: COMPUTE_TOKEN });
    expect(sameBoard.status).toBe(409);
    expect(sameBoard.body.message).toContain(`is already registered as "${betaName}" at ${beta.baseUrl}`);

    const duplicate = await api('POST', '/api/nodes', { url: `${alpha.baseUrl}//`, token: COMPUTE_TOKEN });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe(`A node with URL ${alpha.baseUrl} is already registered (node "alpha", id ${alphaId})`);

    const takenName = await api('POST', '/api/nodes', { url: lacking.baseUrl, token: COMPUTE_TOKEN, name: 'alpha' });
    expect(takenName.status).toBe(409);
    expect(takenName.body.message).toContain('A node named "alpha" is already registered');

    const silentPort = await freePort();
    const nobody = await api('POST', '/api/nodes', { url: `http://127.0.0.1:${silentPort}`, token: COMPUTE_TOKEN });
    expect(nobody.status).toBe(422);
    expect(nobody.body.message).toMatch(new RegExp(`^No compute node answers at http://127\\.0\\.0\\.1:${silentPort}: connection refused`));

    expect((await api('GET', '/api/nodes')).body).toHaveLength(2);
  });

  it('registers a node that has no LXC, saying what is missing, and never places instances there', async () => {
    const answer = await api('POST', '/api/nodes', { url: lacking.baseUrl, token: COMPUTE_TOKEN });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      name: defaultNodeName(hostname(), (name) => name === 'alpha' || name === betaName),
      state: 'ACTIVE',
      instanceCount: null,
      instancesError: expect.stringContaining('lxc-ls is not installed'),
    });
    lackingId = answer.body.id;

    const create = await change(api, 'POST', '/api/instances', { name: 'nowhere1', nodeId: lackingId });
    expect(create).toMatchObject({ action: 'create', status: 'failed', nodeId: lackingId, result: null, error: { statusCode: 503 } });
    expect(create.error.message).toMatch(/^Node ".+": lxc-ls is not installed/);
  });

  it('places a new instance on the less loaded node and says how it scored the nodes', async () => {
    for (const name of ['busy1', 'busy2']) {
      expect((await onNode(alpha, 'POST', '/instances', { name, start: true })).status).toBe(201);
    }
    await waitFor('the manager to see two running containers on alpha', 10_000, async () =>
      (await nodeById(alphaId)).runningInstanceCount === 2 ? true : undefined,
    );

    const accepted = await api('POST', '/api/instances', { name: 'placed1' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ action: 'create', status: 'running', instance: 'placed1', nodeId: betaId, finishedAt: null });
    const created = await finished(api, accepted);
    expect(created).toMatchObject({ status: 'succeeded', error: null, note: null });
    expect(created.result).toMatchObject({ name: 'placed1', state: 'STOPPED', nodeId: betaId, nodeName: betaName });
    const { formula, candidates } = created.placement;
    expect(formula).toContain('cpuPercent + memoryPercent + 10 × (runningInstances + reservedInstances)');
    expect(candidates.map((candidate: { nodeId: string }) => candidate.nodeId)).toEqual([betaId, alphaId]);
    const [chosen, other] = candidates;
    expect(other.runningInstances).toBe(2);
    expect(other.score - chosen.score).toBeCloseTo(20 + other.cpuPercent - chosen.cpuPercent + other.memoryPercent - chosen.memoryPercent, 5);

    // The manager applied the node's answer at once: no poll needed to see the new instance.
    const listed = await api('GET', '/api/instances');
    expect(listed.body).toContainEqual({
      id: 'placed1',
      name: 'placed1',
      state: 'STOPPED',
      ipv4: [],
      limits: expect.objectContaining({ memoryMiB: null, cpus: null, cpuPercent: null, processes: null }),
      autostart: false,
      owner: 'admin',
      nodeId: betaId,
      nodeName: betaName,
      nodeState: 'ACTIVE',
      cpuPercent: null,
      memoryBytes: null,
    });
  });

  it('starts, inspects, stops, renames and deletes an instance through the manager', async () => {
    const path = `/api/nodes/${betaId}/instances`;
    const started = await change(api, 'POST', `${path}/placed1`, { action: 'start' });
    expect(started).toMatchObject({ action: 'start', status: 'succeeded', result: { name: 'placed1', state: 'RUNNING', nodeId: betaId } });
    expect(started.result.pid).toBeGreaterThan(0);
    const running = (await api('GET', '/api/instances')).body.find((instance: { name: string }) => instance.name === 'placed1');
    expect(running.state).toBe('RUNNING');

    const details = await api('GET', `${path}/placed1`);
    expect(details).toMatchObject({ status: 200, body: { name: 'placed1', state: 'RUNNING', pid: started.result.pid, nodeName: betaName } });

    const renameRunning = await change(api, 'PUT', `${path}/placed1`, { name: 'placed2' });
    expect(renameRunning).toMatchObject({ action: 'rename', status: 'failed', instance: 'placed1', error: { statusCode: 409 } });
    expect(renameRunning.error.message).toMatch(new RegExp(`^Node "${betaName}": .*running`));

    const stopped = await change(api, 'POST', `${path}/placed1`, { action: 'stop', timeoutSeconds: 2 });
    expect(stopped).toMatchObject({ status: 'succeeded', result: { state: 'STOPPED', pid: null } });

    const renamed = await change(api, 'PUT', `${path}/placed1`, { name: 'placed2' });
    expect(renamed).toMatchObject({ status: 'succeeded', instance: 'placed1', result: { id: 'placed2', name: 'placed2', nodeId: betaId } });
    expect((await api('GET', `${path}/placed1`)).status).toBe(404);

    expect(await change(api, 'DELETE', `${path}/placed2`)).toMatchObject({ action: 'delete', status: 'succeeded', result: null });
    const afterDelete = await api('GET', `${path}/placed2`);
    expect(afterDelete).toMatchObject({ status: 404, body: { message: `Node "${betaName}": Instance "placed2" does not exist` } });
    expect((await api('GET', '/api/instances')).body.filter((instance: { nodeId: string }) => instance.nodeId === betaId)).toEqual([]);

    const log = (await api('GET', `/api/events/log?nodeId=${betaId}&limit=20`)).body.events;
    expect(log.map((entry: { action: string; result: string }) => `${entry.action} ${entry.result}`)).toEqual([
      'instance-deleted success',
      'instance-renamed success',
      'instance-stopped success',
      'instance-renamed failure',
      'instance-started success',
      'instance-created success',
      'node-registered success',
    ]);
  });

  it("passes a node's 404 and 409 through with its message, and answers 404 for an unknown node", async () => {
    const created = await change(api, 'POST', '/api/instances', { name: 'twin', nodeId: alphaId });
    expect(created).toMatchObject({ status: 'succeeded', nodeId: alphaId, placement: null, result: { name: 'twin' } });
    const conflict = await change(api, 'POST', '/api/instances', { name: 'twin', nodeId: alphaId });
    expect(conflict).toMatchObject({
      status: 'failed',
      error: { statusCode: 409, message: 'Node "alpha": An instance named "twin" already exists' },
    });
    const renameOntoTaken = await change(api, 'PUT', `/api/nodes/${alphaId}/instances/busy1`, { name: 'twin' });
    expect(renameOntoTaken).toMatchObject({ status: 'failed', error: { statusCode: 409 } });

    const ghost = await change(api, 'POST', `/api/nodes/${alphaId}/instances/ghost`, { action: 'start' });
    expect(ghost).toMatchObject({ status: 'failed', error: { statusCode: 404, message: 'Node "alpha": Instance "ghost" does not exist' } });

    for (const [method, path] of [
      ['GET', `/api/nodes/${UNKNOWN_NODE}`],
      ['DELETE', `/api/nodes/${UNKNOWN_NODE}`],
      ['GET', `/api/nodes/${UNKNOWN_NODE}/usage/history`],
      ['GET', `/api/nodes/${UNKNOWN_NODE}/led`],
      ['GET', `/api/nodes/${UNKNOWN_NODE}/instances/twin`],
      ['DELETE', `/api/nodes/${UNKNOWN_NODE}/instances/twin`],
    ]) {
      const answer = await api(method!, path!);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.message).toBe(`No node with id "${UNKNOWN_NODE}" is registered`);
    }
    expect((await api('POST', '/api/instances', { name: 'x1', nodeId: UNKNOWN_NODE })).status).toBe(404);

    const badId = await api('GET', '/api/nodes/42/instances/twin');
    expect(badId.status).toBe(400);
    expect(badId.body.message).toContain('nodeId must be a node id');
    const badName = await api('GET', `/api/nodes/${alphaId}/instances/..%2Fetc`);
    expect(badName.status).toBe(400);
  });

  it('serves usage history and the LED frame of a node', async () => {
    await waitFor('two history points of alpha', 10_000, async () => {
      const history = await api('GET', `/api/nodes/${alphaId}/usage/history`);
      return history.body.points.length >= 2 ? history : undefined;
    });
    const history = (await api('GET', `/api/nodes/${alphaId}/usage/history`)).body;
    expect(history).toMatchObject({ nodeId: alphaId, intervalMs: 1000 });
    const times = history.points.map((point: { at: string }) => Date.parse(point.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(history.points[0]).toMatchObject({ cpuPercent: 0, memoryTotalBytes: expect.any(Number) });
    expect((await api('GET', `/api/nodes/${alphaId}/usage/history?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z`)).status).toBe(400);
    expect((await api('GET', `/api/nodes/${alphaId}/usage/history?from=yesterday`)).status).toBe(400);

    const led = await api('GET', `/api/nodes/${alphaId}/led`);
    expect(led.status).toBe(200);
    expect(led.body.rows).toHaveLength(8);
    expect(led.body.device).toMatchObject({ enabled: false });
  });

  it('streams usage after polls, instance changes, actions and operations to an SSE client, with keep-alive comments', async () => {
    const types = () => new Set(stream.messages.map((message) => message.type));
    await waitFor('usage, instances, action and operation events', 10_000, async () =>
      ['node-state', 'node-usage', 'instances', 'action', 'operation'].every((type) => types().has(type)) ? true : undefined,
    );
    const placedOperations = stream.messages.filter((message) => message.type === 'operation' && message.operation.instance === 'placed1');
    expect(placedOperations.filter((message) => message.operation.action === 'create').map((message) => message.operation.status)).toEqual([
      'running',
      'succeeded',
    ]);
    expect(stream.comments.filter((comment) => comment === 'keep-alive').length).toBeGreaterThan(0);
    const usageOf = (id: string) => stream.messages.filter((message) => message.type === 'node-usage' && message.node.id === id);
    expect(usageOf(alphaId).length).toBeGreaterThan(1);
    expect(usageOf(betaId).length).toBeGreaterThan(1);
    expect(usageOf(alphaId).at(-1).node.usage).toMatchObject({ cpuPercent: 0 });
    const betaLists = stream.messages.filter((message) => message.type === 'instances' && message.nodeId === betaId);
    expect(betaLists.some((message) => message.instances.some((instance: { name: string }) => instance.name === 'placed1'))).toBe(true);
    const actions = stream.messages.filter((message) => message.type === 'action').map((message) => message.entry);
    expect(actions).toContainEqual(
      expect.objectContaining({ action: 'instance-created', result: 'success', nodeId: betaId, instance: 'placed1' }),
    );
    expect(JSON.stringify(stream.messages)).not.toContain(COMPUTE_TOKEN);
  });

  it('marks a stopped node UNREACHABLE within three intervals while the other keeps updating, and ACTIVE once it is back', async () => {
    await beta.stop();
    const stoppedAt = Date.now();
    const down = await waitFor('beta to become UNREACHABLE', 3 * POLL_INTERVAL_MS + 1000, async () => {
      const node = await nodeById(betaId);
      return node.state === 'UNREACHABLE' ? node : undefined;
    });
    expect(down.lastError).toMatch(/^connection refused/);
    expect(down.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(Date.parse(down.lastSeenAt)).toBeLessThanOrEqual(stoppedAt);

    const alphaSeen = (await nodeById(alphaId)).lastSeenAt;
    await waitFor('alpha to keep being polled', 5_000, async () => ((await nodeById(alphaId)).lastSeenAt > alphaSeen ? true : undefined));
    expect((await nodeById(alphaId)).state).toBe('ACTIVE');

    const refused = await api('POST', '/api/instances', { name: 'late1', nodeId: betaId });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain(`Node "${betaName}" is UNREACHABLE (last error: connection refused`);
    expect(stream.messages).toContainEqual(
      expect.objectContaining({ type: 'node-state', previousState: 'ACTIVE', node: expect.objectContaining({ id: betaId, state: 'UNREACHABLE' }) }),
    );

    await beta.start();
    await waitFor('beta to be ACTIVE again', 10_000, async () => ((await nodeById(betaId)).state === 'ACTIVE' ? true : undefined));
    expect((await nodeById(betaId)).lastError).toBeNull();
    // The create refused at once is logged against the node it was refused for.
    const states = (await api('GET', `/api/events/log?nodeId=${betaId}&limit=3`)).body.events;
    expect(states.map((entry: { action: string; result: string }) => `${entry.action} ${entry.result}`)).toEqual([
      'node-state-changed success',
      'instance-created failure',
      'node-state-changed failure',
    ]);
  });

  it('unregisters a node and leaves its containers alone', async () => {
    expect((await api('DELETE', `/api/nodes/${lackingId}`)).status).toBe(204);
    expect((await api('GET', `/api/nodes/${lackingId}`)).status).toBe(404);
    expect((await api('GET', '/api/nodes')).body.map((node: { id: string }) => node.id).sort()).toEqual([alphaId, betaId].sort());
    expect((await onNode(alpha, 'GET', '/instances')).body.map((instance: { name: string }) => instance.name)).toEqual([
      'busy1',
      'busy2',
      'twin',
    ]);
    const log = (await api('GET', '/api/events/log?limit=1')).body.events[0];
    expect(log).toMatchObject({ action: 'node-unregistered', result: 'success', nodeId: lackingId });
  });

  it('keeps nodes, history and events across a manager restart, and polls again', async () => {
    const nodesBefore = (await api('GET', '/api/nodes')).body;
    const historyBefore = (await api('GET', `/api/nodes/${alphaId}/usage/history`)).body.points;
    const eventsBefore = (await api('GET', '/api/events/log?limit=500')).body.events;
    expect(historyBefore.length).toBeGreaterThan(1);

    await manager.stop();
    const restartedAt = new Date().toISOString();
    await manager.start();

    const nodesAfter = (await api('GET', '/api/nodes')).body;
    expect(nodesAfter.map(({ id, name, url, registeredAt }: Record<string, string>) => ({ id, name, url, registeredAt }))).toEqual(
      nodesBefore.map(({ id, name, url, registeredAt }: Record<string, string>) => ({ id, name, url, registeredAt })),
    );
    const historyAfter = (await api('GET', `/api/nodes/${alphaId}/usage/history`)).body.points;
    expect(historyAfter.slice(0, historyBefore.length)).toEqual(historyBefore);
    const eventsAfter = (await api('GET', '/api/events/log?limit=500')).body.events;
    expect(eventsAfter.slice(-eventsBefore.length)).toEqual(eventsBefore);

    for (const id of [alphaId, betaId]) {
      await waitFor(`node ${id} polled after the restart`, 10_000, async () => {
        const node = await nodeById(id);
        return node.state === 'ACTIVE' && node.lastSeenAt > restartedAt ? true : undefined;
      });
    }
    expect((await api('GET', '/api/instances')).body.map((instance: { name: string }) => instance.name).sort()).toEqual([
      'busy1',
      'busy2',
      'twin',
    ]);
  });
});
