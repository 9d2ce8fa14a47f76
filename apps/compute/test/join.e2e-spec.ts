import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPUTE_NODE_FLAGS } from '../../../scripts/node-flags.mjs';
import { httpCall } from '../../manager/test/http-call.js';
import { builtApp, freePort, SpawnedApp } from '../../manager/test/spawned-app.js';
import { waitFor } from '../../manager/test/wait-for.js';
import { FakeManager } from './fake-manager.js';

const COMPUTE_TOKEN = 'join-test-compute-token-0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `node main.js join …` as a person runs it on the board: its output and exit code. */
function runJoinCommand(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...COMPUTE_NODE_FLAGS, builtApp('compute'), 'join', ...args], {
      cwd,
      env: { PATH: '/nonexistent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

/**
 * The compute node from dist, as in production (lite mode, so no fetch), joining
 * a fake manager that plays the manager's side of DESIGN-11's join. LXC is not
 * needed: its PATH leads nowhere, and a manager takes a board that cannot run
 * instances (with its error), as a registration does.
 */
describe('A compute node joins its manager by itself', () => {
  const scratch: string[] = [];
  const nodes: SpawnedApp[] = [];
  let manager: FakeManager;
  let managerUrl: string;

  beforeEach(async () => {
    manager = new FakeManager();
    managerUrl = await manager.listen();
  });

  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.stop();
    await manager.close();
  });

  afterAll(() => {
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  function place(): { directory: string; dataDir: string } {
    const directory = mkdtempSync(join(tmpdir(), 'tinystack-join-'));
    scratch.push(directory);
    return { directory, dataDir: join(directory, 'data') };
  }

  /** A compute node with `env` added; `where` keeps its DATA_DIR (and port) across a restart. */
  async function startNode(env: Record<string, string>, where = place(), port?: number): Promise<SpawnedApp & { port: number; dataDir: string; directory: string }> {
    const nodePort = port ?? (await freePort());
    const node = new SpawnedApp(
      'compute node',
      builtApp('compute'),
      {
        PATH: '/nonexistent',
        COMPUTE_HOST: '127.0.0.1',
        COMPUTE_PORT: String(nodePort),
        COMPUTE_TOKEN,
        DATA_DIR: where.dataDir,
        LED_ENABLED: 'false',
        ...env,
      },
      where.directory,
      `http://127.0.0.1:${nodePort}`,
      COMPUTE_NODE_FLAGS,
    );
    await node.start();
    nodes.push(node);
    return Object.assign(node, { port: nodePort, dataDir: where.dataDir, directory: where.directory });
  }

  const health = async (node: SpawnedApp) => (await httpCall(node.baseUrl, 'GET', '/health')).body;
  const joinState = (node: SpawnedApp, state: string) =>
    waitFor(`the node's join to be ${state}`, 20_000, async () => {
      const body = await health(node);
      return body.join.state === state ? body.join : undefined;
    });

  it('joins at start with MANAGER_URL and JOIN_TOKEN, giving its id, port, token and version; a restart is a no-op for the manager', async () => {
    const token = manager.token();
    const where = place();
    const node = await startNode({ MANAGER_URL: `${managerUrl}/`, JOIN_TOKEN: token }, where);

    const joined = await joinState(node, 'joined');
    const { nodeId } = await health(node);
    expect(joined).toEqual({
      managerUrl,
      state: 'joined',
      detail: `joined the manager at ${managerUrl} as "${hostname()}"; it reaches this board at http://127.0.0.1:${node.port}`,
    });
    expect(manager.joins).toHaveLength(1);
    expect(manager.joins[0]).toMatchObject({
      status: 201,
      body: { joinToken: token, computeId: nodeId, computeToken: COMPUTE_TOKEN, port: node.port, hostname: hostname(), version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    });
    expect(manager.joins[0]!.body).not.toHaveProperty('advertiseUrl');
    expect([...manager.nodes.values()]).toEqual([expect.objectContaining({ computeId: nodeId, url: `http://127.0.0.1:${node.port}`, computeToken: COMPUTE_TOKEN })]);
    expect(node.log()).toMatch(new RegExp(` INFO  \\[Join\\] Joined the manager at ${managerUrl} from MANAGER_URL as "${hostname()}" \\(a new node\\)`));
    expect(JSON.stringify(await health(node))).not.toContain(token);
    expect(node.log()).not.toContain(token);

    await node.stop();
    const again = await startNode({ MANAGER_URL: managerUrl, JOIN_TOKEN: token }, where, node.port);
    expect((await joinState(again, 'joined')).detail).toContain('(again: it knew this board)');
    expect(manager.joins.map((seen) => seen.status)).toEqual([201, 200]);
    expect(manager.nodes.size).toBe(1);
    expect(again.log()).toContain('(it knew this board already)');
  });

  it.each([
    ['revoked', { revokedAt: new Date('2026-11-30T10:00:00.000Z') }, 403, 'the join token was revoked at 2026-11-30T10:00:00.000Z'],
    ['unknown', null, 401, 'the join token is not known to this manager'],
  ])('stops at a %s token with an ERROR line that says why, shows it on the LED, and tries no more', async (_case, record, status, message) => {
    const token = record === null ? `tsj_${'A'.repeat(43)}` : manager.token(record);
    const node = await startNode({ MANAGER_URL: managerUrl, JOIN_TOKEN: token, LED_INTERVAL_MS: '100' });

    const refused = await joinState(node, 'refused');
    expect(refused.detail).toBe(`the manager at ${managerUrl} refused the join token (${status}): ${message}`);
    expect(node.log()).toMatch(
      new RegExp(` ERROR \\[Join\\] The manager at ${managerUrl} refused this board's join token: ${message.replace(/[.]/g, '\\.')}\\. The node does not try again: `),
    );
    expect(node.log()).toContain(`sudo tinystack-compute join ${managerUrl} <join-token>`);
    // The bottom row says refused, and every other second the not-ready pattern's checkerboard fills the figures' rows.
    await waitFor('the not-ready pattern with the refused manager link', 5000, async () => {
      const { rows } = (await httpCall(node.baseUrl, 'GET', '/led', { token: COMPUTE_TOKEN })).body as { rows: number[] };
      return rows[1] === 0b01010101 && rows[2] === 0b10101010 && rows[7] === 0b01010101 ? rows : undefined;
    });
    await sleep(5000);
    expect(manager.joins).toHaveLength(1);
  });

  it('waits for a manager that cannot be reached yet, trying again with back-off, and joins once it answers', async () => {
    await manager.close();
    const port = await freePort();
    const later = `http://127.0.0.1:${port}`;
    const node = await startNode({ MANAGER_URL: later, JOIN_TOKEN: manager.token() });

    const joining = await waitFor('a failed attempt', 10_000, async () => {
      const { join: status } = await health(node);
      return status.detail.includes('trying again') ? status : undefined;
    });
    expect(joining).toEqual({
      managerUrl: later,
      state: 'joining',
      detail: `could not join the manager at ${later}: nothing answers at ${later} (is it running, and is the port right?); trying again in 2 s`,
    });
    await manager.listen(port);
    await joinState(node, 'joined');
    const warnings = node.log().split('\n').filter((line) => line.includes('WARN  [Join] Could not join'));
    expect(warnings).toEqual([expect.stringContaining(`Could not join the manager at ${later}: nothing answers at ${later}`)]);
  });

  it('gives COMPUTE_ADVERTISE_URL as its address, and keeps trying while the manager cannot reach it there (422)', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const node = await startNode({ MANAGER_URL: managerUrl, JOIN_TOKEN: manager.token(), COMPUTE_ADVERTISE_URL: unreachable });

    const joining = await waitFor('the manager to say it cannot reach the board', 10_000, async () => {
      const { join: status } = await health(node);
      return status.detail.includes('could not reach the board') ? status : undefined;
    });
    expect(joining.state).toBe('joining');
    expect(joining.detail).toContain(`the manager answered 422: the manager could not reach the board at ${unreachable}: `);
    expect(joining.detail).toContain('(set COMPUTE_ADVERTISE_URL on the board); trying again in 2 s');
    expect(manager.joins[0]!.body).toMatchObject({ advertiseUrl: unreachable });
  });

  it('takes a join offer once, keeps it for the next start, and refuses a second offer naming its manager', async () => {
    const node = await startNode({});
    expect((await health(node)).join).toMatchObject({ managerUrl: null, state: 'not-configured' });

    const revoked = manager.token({ revokedAt: new Date('2026-11-30T10:00:00.000Z') });
    const refusedOffer = await httpCall(node.baseUrl, 'POST', '/join/offer', { body: { managerUrl, joinToken: revoked } });
    expect(refusedOffer).toMatchObject({
      status: 502,
      body: { message: `The manager at ${managerUrl} refused the join token it offered: the join token was revoked at 2026-11-30T10:00:00.000Z` },
    });
    expect((await health(node)).join).toMatchObject({ managerUrl: null, state: 'not-configured' });
    expect(existsSync(join(node.dataDir, 'join.json'))).toBe(false);

    const token = manager.token();
    const offered = await httpCall(node.baseUrl, 'POST', '/join/offer', { body: { managerUrl, joinToken: token } });
    expect(offered).toMatchObject({ status: 200, body: { managerUrl, state: 'joined' } });
    const file = join(node.dataDir, 'join.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ managerUrl, joinToken: token, savedBy: 'a join offer from 127.0.0.1' });

    const second = await httpCall(node.baseUrl, 'POST', '/join/offer', { body: { managerUrl: 'http://10.77.0.9:8080', joinToken: manager.token() } });
    expect(second).toMatchObject({ status: 409, body: { message: `This board has joined the manager at ${managerUrl}: it takes no offer` } });

    await node.stop();
    const restarted = await startNode({}, { directory: node.directory, dataDir: node.dataDir }, node.port);
    expect((await joinState(restarted, 'joined')).detail).toContain('(again: it knew this board)');
    expect(restarted.log()).toContain(`from ${file} as`);
  });

  it('refuses a bad offer with 400, and every offer when JOIN_ACCEPT_OFFERS=false', async () => {
    const node = await startNode({});
    const bad = await httpCall(node.baseUrl, 'POST', '/join/offer', { body: { managerUrl: 'ftp://manager', joinToken: 'secret' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(
      expect.arrayContaining([
        'managerUrl must start with http:// or https://, like http://10.0.0.2:8080 (got "ftp://manager")',
        expect.stringContaining('joinToken must be "tsj_" followed by 43 letters'),
      ]),
    );
    expect(JSON.stringify(bad.body)).not.toContain('secret');

    const closed = await startNode({ JOIN_ACCEPT_OFFERS: 'false' });
    const refused = await httpCall(closed.baseUrl, 'POST', '/join/offer', { body: { managerUrl, joinToken: manager.token() } });
    expect(refused).toMatchObject({ status: 403, body: { message: expect.stringContaining('This board takes no join offers (JOIN_ACCEPT_OFFERS=false)') } });
    expect(manager.joins).toHaveLength(0);
  });

  it('tinystack-compute join keeps the manager in join.json for the next start when no node runs', async () => {
    const where = place();
    const port = await freePort();
    const token = manager.token();
    const env = { DATA_DIR: where.dataDir, COMPUTE_PORT: String(port), COMPUTE_TOKEN };

    const saved = await runJoinCommand([managerUrl, token], env, where.directory);
    expect(saved.output).toContain(`Saved: this board joins ${managerUrl} (${join(where.dataDir, 'join.json')}, readable by its owner only).`);
    expect(saved.output).toContain(`No compute node answers at http://127.0.0.1:${port}: it joins ${managerUrl} when it starts`);
    expect(saved.code).toBe(0);
    expect(saved.output).not.toContain(token);
    expect(statSync(join(where.dataDir, 'join.json')).mode & 0o777).toBe(0o600);

    const node = await startNode({}, where, port);
    await joinState(node, 'joined');
    expect(manager.joins[0]!.body).toMatchObject({ joinToken: token });
  });

  it('tinystack-compute join asks the running node to join now, and says what happened', async () => {
    const node = await startNode({});
    const env = { DATA_DIR: node.dataDir, COMPUTE_PORT: String(node.port), COMPUTE_TOKEN };

    const refused = await runJoinCommand([managerUrl, manager.token({ revokedAt: new Date('2026-11-30T10:00:00.000Z') })], env, node.directory);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`Asking the compute node at http://127.0.0.1:${node.port} to join now`);
    expect(refused.output).toContain(`Refused: the manager at ${managerUrl} refused the join token (403): the join token was revoked at 2026-11-30T10:00:00.000Z.`);

    const joined = await runJoinCommand([managerUrl, manager.token()], env, node.directory);
    expect(joined.output).toContain(`Joined: joined the manager at ${managerUrl} as "${hostname()}"; it reaches this board at http://127.0.0.1:${node.port}.`);
    expect(joined.code).toBe(0);
    expect((await health(node)).join.state).toBe('joined');
  });

  it('tinystack-compute join refuses wrong usage, and asks no node that is not its own', async () => {
    const usage = await runJoinCommand([managerUrl], {}, place().directory);
    expect(usage).toMatchObject({ code: 2, output: expect.stringContaining('Usage: tinystack-compute join <manager-url> <join-token>') });
    const badToken = await runJoinCommand([managerUrl, 'not-a-token'], {}, place().directory);
    expect(badToken).toMatchObject({ code: 2, output: expect.stringContaining('The join token must be "tsj_" followed by 43 letters') });

    const other = await startNode({});
    const mine = place();
    mkdirSync(mine.dataDir, { recursive: true });
    const asked = await runJoinCommand([managerUrl, manager.token()], { DATA_DIR: mine.dataDir, COMPUTE_PORT: String(other.port), COMPUTE_TOKEN }, mine.directory);
    expect(asked.code).toBe(1);
    expect(asked.output).toContain(`The compute node at http://127.0.0.1:${other.port} is not the one of ${mine.dataDir}`);
    expect(manager.joins).toHaveLength(0);
  });
});
