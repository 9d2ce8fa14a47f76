import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import { change } from './operations.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

const FULL = 'the database cannot be written: SQLITE_FULL: database or disk is full';

/** Writes to `file` until the file system has no byte left; the bytes written. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x55);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/**
 * The manager keeping its database on a tiny tmpfs that fills up: /health
 * says degraded and why, a create still reaches the node and succeeds, and
 * its log entry is written once there is space again. Mounting needs root,
 * like the real LXC the create uses.
 */
describeWithLxc('manager (process from dist) whose DATA_DIR fills up', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let mountPoint: string;
  let mounted = false;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let nodeId: string;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  const health = async () => (await httpCall(manager.baseUrl, 'GET', '/health', { token: null })).body;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    const directory = scratchDirectory('full-disk');
    scratch.push(directory);
    mountPoint = join(directory, 'data');
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', mountPoint], { timeout: 10_000 });
    mounted = true;
    node = await computeNodeProcess('full-disk-node', lxcPath, scratch);
    manager = await managerProcess(directory, { dataDirectory: mountPoint });
    await Promise.all([node.start(), manager.start()]);
    const registered = await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: 'pi' });
    expect(registered.status).toBe(201);
    nodeId = registered.body.id;
  });

  afterAll(async () => {
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (mounted) execFileSync('umount', [mountPoint], { timeout: 10_000 });
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('says degraded while the disk is full, still creates, and logs the create once there is space again', async () => {
    expect(await health()).toMatchObject({ status: 'ok', problems: [] });
    const filler = join(mountPoint, 'filler');
    expect(fillUp(filler)).toBeGreaterThan(0);

    // The manager writes a usage point every second: the first that fails shows.
    const degraded = await waitFor('/health to say degraded', 15_000, async () => {
      const answer = await health();
      return answer.status === 'degraded' ? answer : undefined;
    });
    expect(degraded.problems).toContain(FULL);

    const created = await change(api, 'POST', '/api/instances', { name: 'diskfull1', nodeId });
    expect(created).toMatchObject({ status: 'succeeded', result: { name: 'diskfull1', state: 'STOPPED', nodeId } });
    const listed = (await api('GET', '/api/instances')).body.map((instance: { name: string }) => instance.name);
    expect(listed).toContain('diskfull1');
    const logged = async () =>
      (await api('GET', '/api/events/log?limit=20')).body.events.find(
        (entry: { action: string; instance: string | null }) => entry.action === 'instance-created' && entry.instance === 'diskfull1',
      );
    expect(await logged()).toBeUndefined();
    expect((await health()).problems).toEqual(expect.arrayContaining([FULL, expect.stringMatching(/^\d+ event log entries wait in memory/)]));

    rmSync(filler);
    const entry = await waitFor('the create to be in the event log', 20_000, logged);
    expect(entry).toMatchObject({ result: 'success', nodeId, message: 'Created "diskfull1" (STOPPED) on "pi"' });
    await waitFor('/health to be ok again', 20_000, async () => ((await health()).status === 'ok' ? true : undefined));
    expect(await health()).toMatchObject({ status: 'ok', problems: [] });
  });
});
