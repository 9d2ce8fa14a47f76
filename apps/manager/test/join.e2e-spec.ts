import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JOIN_TOKEN_PATTERN } from '@tinystack/contracts';
import { lanAddresses } from '../src/join-tokens/manager-address.js';
import { computeNodeProcess, MANAGER_TOKEN, managerProcess, POLL_INTERVAL_MS, scratchDirectory } from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

/** A board of these tests: no LXC (none is needed to join), no mDNS (other tests' managers would hear it). */
const BOARD_ENV = { DISCOVERY_ENABLED: 'false' };

describe('boards that join by themselves with a join token (manager and compute node processes from dist)', () => {
  const scratch: string[] = [];
  const boards: SpawnedApp[] = [];
  const managerDirectory = scratchDirectory('join-manager');
  scratch.push(managerDirectory);
  let manager: SpawnedApp;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> => httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  const newToken = async (body: object = {}) => {
    const answer = await api('POST', '/api/join-tokens', body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { id: string; token: string; command: string; expiresAt: string };
  };
  const board = async (name: string, token: string, env: Record<string, string> = {}) => {
    const app = await computeNodeProcess(name, null, scratch, { env: { ...BOARD_ENV, MANAGER_URL: manager.baseUrl, JOIN_TOKEN: token, ...env } });
    boards.push(app);
    await app.start();
    return app;
  };
  const computeIdOf = async (app: SpawnedApp) => ((await httpCall(app.baseUrl, 'GET', '/health')).body as { nodeId: string }).nodeId;
  const nodes = async () => (await api('GET', '/api/nodes')).body as Array<{ id: string; computeId: string; state: string; url: string; ready?: boolean | null; checks?: Array<{ name: string; ok: boolean; fix: string | null }> | null }>;
  const joinEvents = async () =>
    ((await api('GET', '/api/events/log?limit=200')).body as { events: Array<{ action: string; result: string; actor: string; message: string; nodeId: string | null }> }).events.filter(
      (event) => event.action === 'node-joined',
    );

  beforeAll(async () => {
    manager = await managerProcess(managerDirectory);
    await manager.start();
  });

  afterAll(async () => {
    await Promise.allSettled([manager, ...boards].map((app) => app.stop()));
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('makes join tokens for admins only: the secret once, its SHA-256 kept, and the command to paste on a board', async () => {
    expect((await httpCall(manager.baseUrl, 'POST', '/api/join-tokens', { body: {}, token: null })).status).toBe(401);
    const made = await newToken({ expiresInHours: 2, note: 'room 12' });
    expect(made.token).toMatch(JOIN_TOKEN_PATTERN);
    // The test reached the manager at 127.0.0.1: a board must be told the manager's LAN address instead.
    const lan = lanAddresses();
    const port = new URL(manager.baseUrl).port;
    expect(made.command).toBe(`sudo tinystack-compute join http://${lan[0] ?? '127.0.0.1'}:${port} ${made.token}`);
    expect(Date.parse(made.expiresAt) - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
    const listed = (await api('GET', '/api/join-tokens')).body as Array<Record<string, unknown>>;
    expect(listed.find((entry) => entry['id'] === made.id)).toEqual({
      id: made.id,
      note: 'room 12',
      createdAt: expect.any(String),
      expiresAt: made.expiresAt,
      revokedAt: null,
      uses: 0,
      lastUsedAt: null,
      singleUse: false,
    });
    expect(JSON.stringify(listed)).not.toContain(made.token);
    const stored = new Database(join(managerDirectory, 'data', 'manager.sqlite'), { readonly: true });
    try {
      const rows = stored.prepare('SELECT * FROM join_tokens').all();
      expect(JSON.stringify(rows)).not.toContain(made.token.slice(4));
    } finally {
      stored.close();
    }
    const bad = await api('POST', '/api/join-tokens', { expiresInHours: 721 });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringContaining('expiresInHours must be a whole number of hours from 1 to 720') } });
  });

  it('a board started with MANAGER_URL and JOIN_TOKEN is registered and ACTIVE, with its readiness checks; a restart is a rejoin', async () => {
    const { token } = await newToken({ note: 'the first board' });
    const first = await board('joiner', token);
    const computeId = await computeIdOf(first);
    const node = await waitFor('the joined board to be ACTIVE', 10 * POLL_INTERVAL_MS + 10_000, async () =>
      (await nodes()).find((candidate) => candidate.computeId === computeId && candidate.state === 'ACTIVE'),
    );
    expect(node.url).toBe(first.baseUrl);
    // No LXC on this board: the lxc check fails, with what to do.
    expect(node.ready).toBe(false);
    expect(node.checks?.find((check) => check.name === 'lxc')).toMatchObject({ ok: false, fix: expect.any(String) });
    const joined = (await joinEvents()).find((event) => event.nodeId === node.id && event.result === 'success');
    expect(joined).toMatchObject({ actor: 'a node', message: expect.stringContaining(`with the join token "the first board"; the manager reaches it at ${first.baseUrl}`) });
    expect((await httpCall(first.baseUrl, 'GET', '/health')).body.join).toMatchObject({ state: 'joined', managerUrl: manager.baseUrl });

    await first.stop();
    await first.start();
    await waitFor('the rejoin in the event log', 15_000, async () =>
      (await joinEvents()).find((event) => event.nodeId === node.id && event.message.includes('joined again')) ? true : undefined,
    );
    expect((await nodes()).filter((candidate) => candidate.computeId === computeId)).toHaveLength(1);
    expect(first.log()).toContain("(it knew this board already)");
  });

  it('refuses a wrong, a revoked and an expired token: the board says why in its log, the event log has the refusal, nothing is registered', async () => {
    const before = (await nodes()).length;
    const revoked = await newToken({ note: 'revoked' });
    expect((await api('DELETE', `/api/join-tokens/${revoked.id}`)).status).toBe(204);
    const revokedAt = ((await api('GET', '/api/join-tokens')).body as Array<{ id: string; revokedAt: string }>).find((entry) => entry.id === revoked.id)!.revokedAt;

    // An expired token: made, then its end moved to the past in the database while the manager is down.
    const expiring = await newToken({ note: 'expired' });
    await manager.stop();
    const database = new Database(join(managerDirectory, 'data', 'manager.sqlite'));
    const expiredAt = Date.now() - 60_000;
    database.prepare('UPDATE join_tokens SET expires_at = ? WHERE id = ?').run(expiredAt, expiring.id);
    database.close();
    manager = await managerProcess(managerDirectory);
    await manager.start();

    const wrongToken = `tsj_${'A'.repeat(43)}`;
    const cases = [
      { name: 'wrong-token', token: wrongToken, status: 401, message: 'the join token is not known to this manager' },
      { name: 'revoked-token', token: revoked.token, status: 403, message: `the join token was revoked at ${revokedAt}` },
      { name: 'expired-token', token: expiring.token, status: 403, message: `the join token expired at ${new Date(expiredAt).toISOString()}` },
    ];
    for (const refused of cases) {
      const app = await board(refused.name, refused.token);
      await waitFor(`${refused.name}: the refusal on the board`, 15_000, async () => (app.log().includes('refused this board') ? true : undefined));
      expect(app.log()).toMatch(/ERROR/);
      expect(app.log()).toContain(refused.message);
      const health = (await httpCall(app.baseUrl, 'GET', '/health')).body as { join: { state: string; detail: string } };
      expect(health.join.state).toBe('refused');
      expect(JSON.stringify(health)).not.toContain(refused.token);
      const events = await joinEvents();
      expect(events.find((event) => event.result === 'failure' && event.message.includes(`(${refused.status}): ${refused.message}`))).toMatchObject({ actor: 'a node', nodeId: null });
    }
    expect(await nodes()).toHaveLength(before);
    // The secrets appear in no log of the manager.
    for (const refused of cases) expect(manager.log()).not.toContain(refused.token);
  });

  it('answers a join it cannot check back with 422 naming the address it tried, and a malformed join with 400', async () => {
    const { token } = await newToken();
    const unreachable = await httpCall(manager.baseUrl, 'POST', '/api/nodes/join', {
      token: null,
      body: { joinToken: token, computeId: '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b', computeToken: 'compute-test-token-0123456789', port: 9, hostname: 'ghost', version: '0.1.0' },
    });
    expect(unreachable.status).toBe(422);
    expect(unreachable.body.message).toMatch(/^the manager could not reach the board at http:\/\/127\.0\.0\.1:9: .+ \(set COMPUTE_ADVERTISE_URL on the board\)$/);
    const malformed = await httpCall(manager.baseUrl, 'POST', '/api/nodes/join', { token: null, body: { joinToken: 'secret', computeId: 'x' } });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).not.toContain('secret"');
  });
});
