import { rmSync } from 'node:fs';
import { computeNodeProcess, MANAGER_TOKEN, managerProcess, POLL_INTERVAL_MS, scratchDirectory } from '../../manager/test/cluster.js';
import { httpCall } from '../../manager/test/http-call.js';
import type { SpawnedApp } from '../../manager/test/spawned-app.js';
import { waitFor } from '../../manager/test/wait-for.js';
import { cliEnvironment, runTinystack, type CliRun } from './cli-process.js';

describe('tinystack join-token, join-tokens, discovered and add-board (from dist) against a real manager', () => {
  const scratch: string[] = [];
  let manager: SpawnedApp;
  let board: SpawnedApp | undefined;
  let env: Record<string, string>;

  const tinystack = (...args: string[]): Promise<CliRun> => runTinystack(args, env);
  const ok = async (...args: string[]): Promise<string> => {
    const run = await tinystack(...args);
    expect(run, `tinystack ${args.join(' ')}`).toMatchObject({ code: 0, stderr: '' });
    return run.stdout;
  };

  beforeAll(async () => {
    const directory = scratchDirectory('cli-join-manager');
    const home = scratchDirectory('cli-join-home');
    scratch.push(directory, home);
    manager = await managerProcess(directory);
    await manager.start();
    env = cliEnvironment(home, { TINYSTACK_URL: manager.baseUrl, TINYSTACK_TOKEN: MANAGER_TOKEN });
  });

  afterAll(async () => {
    await Promise.allSettled([manager, board].flatMap((app) => (app ? [app.stop()] : [])));
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('makes a token that a board joins with, lists it with its use, and revokes it', async () => {
    const made = await ok('join-token', 'add', '--hours', '2', '--note', 'room 12');
    const command = /^ {2}(sudo tinystack-compute join \S+ (tsj_\S+))$/m.exec(made);
    expect(command, made).not.toBeNull();
    const token = command![2]!;
    expect(made).toMatch(/^Join token [0-9a-f-]{36}, valid until /);

    board = await computeNodeProcess('cli-joiner', null, scratch, { env: { DISCOVERY_ENABLED: 'false', MANAGER_URL: manager.baseUrl, JOIN_TOKEN: token } });
    await board.start();
    await waitFor('the board to be registered', 10 * POLL_INTERVAL_MS + 10_000, async () =>
      ((await httpCall(manager.baseUrl, 'GET', '/api/nodes', { token: MANAGER_TOKEN })).body as unknown[]).length === 1 ? true : undefined,
    );

    const listed = await ok('join-tokens');
    const row = listed.split('\n').find((line) => line.includes('room 12'))!;
    expect(row).toMatch(/^[0-9a-f-]{36}\s+valid\s+1\s+/);
    expect(listed).not.toContain(token);
    const id = row.split(/\s+/)[0]!;

    expect(await ok('join-token', 'revoke', id)).toBe(`Revoked the join token ${id}.\n`);
    expect((await ok('join-tokens')).split('\n').find((line) => line.startsWith(id))).toMatch(/\srevoked\s+1\s/);
    const tokens = JSON.parse(await ok('join-tokens', '--json')) as Array<{ id: string; revokedAt: string | null }>;
    expect(tokens.find((entry) => entry.id === id)?.revokedAt).toEqual(expect.any(String));

    const tooLong = await tinystack('join-token', 'add', '--hours', '1000');
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr).toContain('expiresInHours must be a whole number of hours from 1 to 720');
  });

  it('says when no board is waiting, and why a board that was not heard cannot be added', async () => {
    expect(await ok('discovered')).toBe('No board is waiting to be added (none heard on the LAN that is not registered).\n');
    expect(JSON.parse(await ok('discovered', '--json'))).toEqual([]);
    const missing = await tinystack('add-board', '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No board with compute id 0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b was heard on the LAN (discovery is off');
  });
});
