import { rmSync } from 'node:fs';
import { createTemporaryLxcPath, describeWithNamespaces, removeLxcPath, TestLan, type LanMember } from '@tinystack/lxc-driver/test-support';
import { computeNodeProcess, LAN_COMPUTE_PORT, MANAGER_TOKEN, managerProcess, POLL_INTERVAL_MS, scratchDirectory } from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

interface Node {
  id: string;
  name: string;
  url: string;
  computeId: string;
  state: string;
  ready?: boolean | null;
  checks?: Array<{ name: string; ok: boolean; fix: string | null }> | null;
}

/**
 * A classroom in network namespaces: a switch (bridge) for the LAN, the
 * manager on one member, three boards on three more (each its own compute
 * node process and throw-away lxcpath) that join with one shared token, and
 * a fourth board that has not joined, which discovery finds and the manager
 * adds. The test itself is on the LAN too (the teacher's laptop). Only the
 * LAN's 10.77.x addresses are used: the manager reaches every board there.
 */
describeWithNamespaces('a classroom LAN: boards join with one token, drop off and come back, and a discovered board is added', () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  const apps: SpawnedApp[] = [];
  let lan: TestLan;
  let manager: SpawnedApp;
  let boardMembers: LanMember[];
  let boards: SpawnedApp[];
  let spare: { member: LanMember; app: SpawnedApp };

  const api = (method: string, path: string, body?: unknown): Promise<Answer> => httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  const nodes = async () => (await api('GET', '/api/nodes')).body as Node[];
  const computeIdOf = async (app: SpawnedApp) => ((await httpCall(app.baseUrl, 'GET', '/health')).body as { nodeId: string }).nodeId;
  const board = async (member: LanMember, env: Record<string, string>) => {
    const lxcPath = await createTemporaryLxcPath();
    lxcPaths.push(lxcPath);
    const app = await computeNodeProcess(member.name, lxcPath, scratch, { on: member, env: { DISCOVERY_ENABLED: 'true', ...env } });
    apps.push(app);
    await app.start();
    return app;
  };
  const stateOf = async (computeId: string) => (await nodes()).find((node) => node.computeId === computeId)?.state;

  beforeAll(async () => {
    lan = await TestLan.create();
    await lan.addMember('teacher', { inTestNamespace: true });
    const managerMember = await lan.addMember('manager');
    boardMembers = [await lan.addMember('board-1'), await lan.addMember('board-2'), await lan.addMember('board-3')];
    const spareMember = await lan.addMember('board-4');
    const directory = scratchDirectory('classroom-manager');
    scratch.push(directory);
    manager = await managerProcess(directory, { on: managerMember, env: { DISCOVERY_ENABLED: 'true', DISCOVERY_INTERVAL_MS: '2000' } });
    apps.push(manager);
    await manager.start();
    const { body: made } = await api('POST', '/api/join-tokens', { note: 'the classroom' });
    // The console was opened at the manager's LAN address: that is what a board is told.
    expect(made.command).toBe(`sudo tinystack-compute join ${manager.baseUrl} ${made.token}`);
    boards = await Promise.all(boardMembers.map((member) => board(member, { MANAGER_URL: manager.baseUrl, JOIN_TOKEN: made.token })));
    spare = { member: spareMember, app: await board(spareMember, {}) };
  });

  afterAll(async () => {
    await Promise.allSettled(apps.map((app) => app.stop()));
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath).catch(() => undefined);
    await lan?.remove();
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('has the three boards that joined with the shared token ACTIVE, each reached at its LAN address', async () => {
    const ids = await Promise.all(boards.map(computeIdOf));
    const joined = await waitFor('the three boards to be ACTIVE', 10 * POLL_INTERVAL_MS + 20_000, async () => {
      const list = await nodes();
      const found = ids.map((id) => list.find((node) => node.computeId === id && node.state === 'ACTIVE'));
      return found.every(Boolean) ? (found as Node[]) : undefined;
    });
    expect(joined.map((node) => node.url)).toEqual(boardMembers.map((member) => `http://${member.address}:${LAN_COMPUTE_PORT}`));
    const tokens = (await api('GET', '/api/join-tokens')).body as Array<{ note: string | null; uses: number }>;
    expect(tokens.find((token) => token.note === 'the classroom')).toBeDefined();
    // The boards' readiness is in the node figures; in a namespace there is no lxcbr0, so the bridge check fails, with its fix.
    for (const node of joined) {
      expect(node.checks?.find((check) => check.name === 'bridge')).toMatchObject({ ok: false, fix: expect.any(String) });
      expect(node.ready).toBe(false);
    }
  });

  it('marks a board whose cable is pulled UNREACHABLE, and ACTIVE again once it is plugged back in', async () => {
    const computeId = await computeIdOf(boards[1]!);
    await lan.disconnect(boardMembers[1]!);
    try {
      await waitFor('board-2 to be UNREACHABLE', 20 * POLL_INTERVAL_MS + 10_000, async () => ((await stateOf(computeId)) === 'UNREACHABLE' ? true : undefined));
      // The others are not affected.
      for (const other of [boards[0]!, boards[2]!]) expect(await stateOf(await computeIdOf(other))).toBe('ACTIVE');
    } finally {
      await lan.reconnect(boardMembers[1]!);
    }
    await waitFor('board-2 to be ACTIVE again', 20 * POLL_INTERVAL_MS + 10_000, async () => ((await stateOf(computeId)) === 'ACTIVE' ? true : undefined));
    const events = ((await api('GET', '/api/events/log?limit=200')).body as { events: Array<{ action: string; message: string }> }).events;
    expect(events.some((event) => event.action === 'node-state-changed' && event.message.includes('UNREACHABLE'))).toBe(true);
  });

  it('hears the fourth board, which has not joined, lists it as waiting to be added, and adds it with one call', async () => {
    const computeId = await computeIdOf(spare.app);
    const waiting = await waitFor('the fourth board in GET /api/discovered', 30_000, async () => {
      const list = (await api('GET', '/api/discovered')).body as Array<{ computeId: string; addresses: string[]; port: number; joined: boolean }>;
      return list.find((entry) => entry.computeId === computeId) ? list : undefined;
    });
    // The boards that joined are registered: they are not waiting.
    expect(waiting).toEqual([expect.objectContaining({ computeId, addresses: [spare.member.address], port: LAN_COMPUTE_PORT, joined: false })]);

    const added = await api('POST', `/api/discovered/${computeId}/add`);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ computeId, url: `http://${spare.member.address}:${LAN_COMPUTE_PORT}` });
    await waitFor('the added board to be ACTIVE', 10 * POLL_INTERVAL_MS + 10_000, async () => ((await stateOf(computeId)) === 'ACTIVE' ? true : undefined));
    expect((await httpCall(spare.app.baseUrl, 'GET', '/health')).body.join).toMatchObject({ state: 'joined', managerUrl: manager.baseUrl });
    expect((await api('GET', '/api/discovered')).body).toEqual([]);
    // Adding it again is a conflict that names it.
    expect(await api('POST', `/api/discovered/${computeId}/add`)).toMatchObject({ status: 409, body: { message: expect.stringContaining('registered already') } });
    expect(await nodes()).toHaveLength(4);
  });
});
