import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExecFileProcessRunner, PARTIAL_MARKER } from '@tinystack/lxc-driver';
import { createTemporaryLxcPath, describeWithLxc, interruptCreate, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { COMPUTE_TOKEN, computeNodeProcess } from '../../manager/test/cluster.js';
import { httpCall, type Answer } from '../../manager/test/http-call.js';
import type { SpawnedApp } from '../../manager/test/spawned-app.js';

const runner = new ExecFileProcessRunner();

/** What LXC itself lists, name and state, one line each. */
async function lxcListing(lxcPath: string): Promise<string> {
  const listed = await runner.run('lxc-ls', ['-P', lxcPath, '-f', '-F', 'NAME,STATE'], { timeoutMs: 30_000 });
  return listed.stdout;
}

/**
 * The real compute node from dist over an lxcpath where lxc-create was killed
 * (SIGKILL to its process group: what a power cut does to it), which LXC then
 * lists as an ordinary STOPPED container forever.
 */
describeWithLxc('a compute node after an lxc-create cut off (the node from dist, real LXC)', () => {
  // Per-container cgroups are named after the container alone: unique names across test runs on one machine.
  const suffix = randomBytes(3).toString('hex');
  const cutLate = `pc${suffix}-late`;
  const cutEarly = `pc${suffix}-early`;
  const cutWhileRunning = `pc${suffix}-live`;
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp | undefined;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    await interruptCreate(lxcPath, cutLate);
    // Cut off before LXC wrote the config: only the marker, which LXC's tools cannot see or remove.
    mkdirSync(join(lxcPath, cutEarly));
    writeFileSync(join(lxcPath, cutEarly, PARTIAL_MARKER), '', { mode: 0 });
  });

  afterAll(async () => {
    await node?.stop();
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  const instances = (base: SpawnedApp) => httpCall(base.baseUrl, 'GET', '/instances', { token: COMPUTE_TOKEN });

  it('starts from what LXC lists as a STOPPED container, its folder holding the partial marker', async () => {
    expect(await lxcListing(lxcPath)).toMatch(new RegExp(`^${cutLate}\\s+STOPPED\\s*$`, 'm'));
    expect(existsSync(join(lxcPath, cutLate, PARTIAL_MARKER))).toBe(true);
  });

  it('destroys what the cut-off creates left before it answers anything, says so, and never lists them', async () => {
    node = await computeNodeProcess('power-cut', lxcPath, scratch);
    const started = node;
    // Asked from the moment the process starts: every list it ever answers is recorded.
    const answers: Answer[] = [];
    let starting = true;
    const watching = (async () => {
      while (starting) {
        const answer = await instances(started).catch(() => undefined);
        if (answer) answers.push(answer);
        await sleep(10);
      }
    })();
    await node.start();
    const first = await instances(node);
    starting = false;
    await watching;

    expect(first).toMatchObject({ status: 200, body: [] });
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: [] });
    expect(node.log()).toContain(
      `WARN  [InstanceInventory] Finished changes a crash interrupted: ` +
        `"${cutEarly}" removed its folder: a create was cut off before LXC wrote its config; ` +
        `"${cutLate}" destroyed: a create was cut off and left it half-made\n`,
    );
    expect(await lxcListing(lxcPath)).not.toContain(cutLate);
    expect(existsSync(join(lxcPath, cutLate))).toBe(false);
    expect(existsSync(join(lxcPath, cutEarly))).toBe(false);

    const again = await httpCall(node.baseUrl, 'POST', '/instances', { token: COMPUTE_TOKEN, body: { name: cutLate } });
    expect(again).toMatchObject({ status: 201, body: { name: cutLate, state: 'STOPPED' } });
    expect((await httpCall(node.baseUrl, 'DELETE', `/instances/${cutLate}`, { token: COMPUTE_TOKEN })).status).toBe(204);
  });

  it('never lists a create cut off while it runs, answers a read of it with 409, and removes it at its next start', async () => {
    const running = node!;
    await interruptCreate(lxcPath, cutWhileRunning);
    expect(await lxcListing(lxcPath)).toMatch(new RegExp(`^${cutWhileRunning}\\s+STOPPED\\s*$`, 'm'));

    // Longer than two inventory re-reads (INVENTORY_INTERVAL_MS is 1 s for these nodes).
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      expect(await instances(running)).toMatchObject({ status: 200, body: [] });
      await sleep(100);
    }
    const read = await httpCall(running.baseUrl, 'GET', `/instances/${cutWhileRunning}`, { token: COMPUTE_TOKEN });
    expect(read.status).toBe(409);
    expect(read.body).toEqual({ statusCode: 409, error: 'Conflict', message: `Instance "${cutWhileRunning}" is being created` });
    const usage = await httpCall(running.baseUrl, 'GET', '/usage', { token: COMPUTE_TOKEN });
    expect(usage.body).toMatchObject({ runningInstances: 0, totalInstances: 0 });

    await running.stop();
    await running.start();

    expect(running.log()).toContain(
      `Finished changes a crash interrupted: "${cutWhileRunning}" destroyed: a create was cut off and left it half-made\n`,
    );
    const gone = await httpCall(running.baseUrl, 'GET', `/instances/${cutWhileRunning}`, { token: COMPUTE_TOKEN });
    expect(gone.status).toBe(404);
    expect(await lxcListing(lxcPath)).not.toContain(cutWhileRunning);
  });
});
