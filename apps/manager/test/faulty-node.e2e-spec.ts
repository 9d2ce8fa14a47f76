import { rmSync } from 'node:fs';
import { residentBytes } from '../../../bench/process-figures.js';
import { FakeComputeNode, type FakeAnswer } from '../../../bench/manager-fake-node.js';
import { MANAGER_TOKEN, managerProcess, POLL_INTERVAL_MS, scratchDirectory } from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import { change } from './operations.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

const NODE_TOKEN = 'fake-node-token-0123456789';
const MB = 1024 * 1024;

const GOOD_USAGE = {
  hostname: 'bad',
  sampledAt: '2025-01-01T10:00:00.000Z',
  cpuPercent: 3,
  memoryPercent: 10,
  memoryUsedBytes: 100,
  memoryTotalBytes: 1000,
  networkRxBytesPerSecond: 0,
  networkTxBytesPerSecond: 0,
  iops: 0,
  runningInstances: 0,
  totalInstances: 0,
  temperatureCelsius: null,
};

/**
 * The manager (the process from dist) against nodes that misbehave: fake
 * compute nodes (node:http servers in the test) that answer garbage or huge
 * bodies once registered. No LXC needed: what is tested is the manager.
 */
describe('manager (process from dist) with a node that breaks the compute contract', () => {
  const scratch: string[] = [];
  const good = new FakeComputeNode('good', NODE_TOKEN);
  const bad = new FakeComputeNode('bad', NODE_TOKEN);
  let manager: SpawnedApp;
  let goodId: string;
  let badId: string;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  const nodeById = async (id: string) => (await api('GET', `/api/nodes/${id}`)).body;
  const faultyWith = (lastError: string) =>
    waitFor(`the bad node to be FAULTY with "${lastError}"`, 10_000, async () => {
      const node = await nodeById(badId);
      return node.state === 'FAULTY' && node.lastError === lastError ? node : undefined;
    });
  const activeAgain = () =>
    waitFor('the bad node to be ACTIVE again', 10_000, async () => ((await nodeById(badId)).state === 'ACTIVE' ? true : undefined));

  beforeAll(async () => {
    const directory = scratchDirectory('faulty');
    scratch.push(directory);
    manager = await managerProcess(directory, { env: { LOG_FORMAT: 'json' } });
    await Promise.all([good.listen(), bad.listen(), manager.start()]);
    goodId = (await api('POST', '/api/nodes', { url: good.url, token: NODE_TOKEN, name: 'good' })).body.id;
    const registered = await api('POST', '/api/nodes', { url: bad.url, token: NODE_TOKEN, name: 'bad' });
    expect(registered.status).toBe(201);
    badId = registered.body.id;
    expect(registered.body).toMatchObject({ state: 'ACTIVE', computeId: bad.nodeId, version: '0.1.0' });
  });

  afterAll(async () => {
    await manager?.stop();
    await Promise.all([good.close(), bad.close()]);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  afterEach(() => {
    bad.answerUsage({ kind: 'real' });
    bad.answerInstances({ kind: 'real' });
  });

  it.each<[string, FakeAnswer, FakeAnswer, string]>([
    ['a percent as a string', { kind: 'json', body: { ...GOOD_USAGE, cpuPercent: '99' } }, { kind: 'real' }, 'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")'],
    ['"NaN"', { kind: 'json', body: { ...GOOD_USAGE, cpuPercent: 'NaN' } }, { kind: 'real' }, 'GET /usage: cpuPercent must be a number from 0 to 100 (got "NaN")'],
    ['a negative percent', { kind: 'json', body: { ...GOOD_USAGE, cpuPercent: -1000 } }, { kind: 'real' }, 'GET /usage: cpuPercent must be a number from 0 to 100 (got -1000)'],
    ['a negative count', { kind: 'json', body: { ...GOOD_USAGE, totalInstances: -2 } }, { kind: 'real' }, 'GET /usage: totalInstances must be a whole number, 0 or more (got -2)'],
    ['instances as an object', { kind: 'real' }, { kind: 'json', body: { web1: { state: 'RUNNING' } } }, 'GET /instances: the answer must be a list (got an object)'],
  ])('marks a node answering %s FAULTY, keeps its last good figures (stale), places nothing there, and serves only valid figures', async (_what, usage, instances, lastError) => {
    bad.answerUsage(usage);
    bad.answerInstances(instances);
    const faulty = await faultyWith(lastError);
    expect(faulty.usageStale).toBe(true);
    // The last good figures: the fake's own CPU is 5 to 15 %.
    expect(faulty.usage.hostname).toBe('bad');
    expect(faulty.usage.cpuPercent).toBeGreaterThanOrEqual(5);
    expect(faulty.usage.cpuPercent).toBeLessThanOrEqual(15);

    const refused = await api('POST', '/api/instances', { name: 'onbad', nodeId: badId });
    expect(refused).toMatchObject({ status: 503, body: { message: `Node "bad" is FAULTY (last error: ${lastError}); the manager will use it again once a poll succeeds` } });
    const placed = await change(api, 'POST', '/api/instances', { name: `placed-${Date.now()}` });
    expect(placed).toMatchObject({ status: 'succeeded', nodeId: goodId });
    expect(placed.placement.candidates.map((candidate: { nodeName: string }) => candidate.nodeName)).toEqual(['good']);

    bad.answerUsage({ kind: 'real' });
    bad.answerInstances({ kind: 'real' });
    await activeAgain();
  });

  it('refuses a 50 MB answer while it streams: FAULTY, and the manager\'s memory stays bounded', async () => {
    const before = residentBytes(manager.pid);
    bad.answerUsage({ kind: 'huge', bytes: 50 * MB });
    await faultyWith('GET /usage: the answer is larger than 1 MB');
    // Ten more polls, each sent 50 MB that the manager stops reading after 1 MB.
    await new Promise((resolve) => setTimeout(resolve, 10 * POLL_INTERVAL_MS));
    const after = residentBytes(manager.pid);
    expect((after - before) / MB, `RSS ${(before / MB).toFixed(1)} -> ${(after / MB).toFixed(1)} MB`).toBeLessThan(25);
    expect((await nodeById(badId)).state).toBe('FAULTY');
    bad.answerUsage({ kind: 'real' });
    await activeAgain();
  });

  it('logs FAULTY and back in the event log, and no error line per poll', async () => {
    const log = (await api('GET', `/api/events/log?nodeId=${badId}&limit=100`)).body.events;
    expect(log.map((entry: { message: string }) => entry.message)).toEqual(
      expect.arrayContaining([
        'Node "bad" is FAULTY: GET /usage: cpuPercent must be a number from 0 to 100 (got "99")',
        'Node "bad" answers correctly again and is ACTIVE',
      ]),
    );
    const records = manager
      .log()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; message: string });
    expect(records.filter((record) => record.level === 'error')).toEqual([]);
  });

  it('refuses to register one compute node a second time under another URL, naming the first', async () => {
    const again = await api('POST', '/api/nodes', { url: bad.url.replace('127.0.0.1', 'localhost'), token: NODE_TOKEN, name: 'bad-again' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(
      `This compute node (id ${bad.nodeId}) is already registered as "bad" at ${bad.url} (node id ${badId}); ` +
        'one compute node is registered once, whatever URL reaches it',
    );
    expect((await api('GET', '/api/nodes')).body.map((node: { name: string }) => node.name)).toEqual(['bad', 'good']);
  });
});
