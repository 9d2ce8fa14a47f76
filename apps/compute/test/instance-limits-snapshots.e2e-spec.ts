import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExecFileProcessRunner } from '@tinystack/lxc-driver';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { CgroupControllers, type BoardCgroups } from '../src/instances/cgroup-controllers.js';
import { startComputeTestApp, TEST_TOKEN, type ComputeTestApp } from './compute-test-app.js';

/** Containers' cgroups are named after the container alone: names unique across suites running at once. */
const SUFFIX = randomBytes(3).toString('hex');
const LIM1 = `lim${SUFFIX}-1`;
const LIM2 = `lim${SUFFIX}-2`;
const OFF1 = `off${SUFFIX}-1`;

const UNIFIED = existsSync('/sys/fs/cgroup/cgroup.controllers');
const MIB = 1024 * 1024;

function memoryLimitFile(name: string): string {
  return UNIFIED ? `/sys/fs/cgroup/lxc.payload.${name}/memory.max` : `/sys/fs/cgroup/memory/lxc.payload.${name}/memory.limit_in_bytes`;
}

/** A board whose kernel has the memory controller off (a default Raspberry Pi OS), the rest as this host. */
class MemoryOffCgroups extends CgroupControllers {
  override read(): Promise<BoardCgroups> {
    return Promise.resolve({ layout: { version: UNIFIED ? 'v2' : 'v1', cpuCount: 2 }, enabled: new Set(['cpu', 'cpuset', 'pids']) });
  }
}

async function waitForState(node: ComputeTestApp, name: string, state: string): Promise<any> {
  let last: any;
  // Bounded: 60 reads, half a second apart.
  for (let attempt = 0; attempt < 60; attempt++) {
    last = (await node.call('GET', `/instances/${name}`)).body;
    if (last?.state === state) return last;
    await sleep(500);
  }
  throw new Error(`${name} did not become ${state}: last seen ${JSON.stringify(last)}`);
}

describeWithLxc('limits, autostart, snapshots and the rootfs export of instances (real LXC)', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath('limits-');
    node = await startComputeTestApp({ LXC_PATH: lxcPath });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('creates with a 32 MiB memory limit and autostart, shown in every answer and in the running cgroup', async () => {
    const created = await node.call('POST', '/instances', { name: LIM1, limits: { memoryMiB: 32, processes: 128 }, autostart: true, start: true });
    expect(created.status).toBe(201);
    const limits = { memoryMiB: 32, cpus: null, cpuPercent: null, processes: 128, enforced: true, reason: null, appliesAtNextStart: false };
    expect(created.body).toMatchObject({ state: 'RUNNING', autostart: true, limits });
    expect(Number(readFileSync(memoryLimitFile(LIM1), 'utf8'))).toBe(32 * MIB);
    const listed = await node.call('GET', '/instances');
    expect(listed.body).toEqual([expect.objectContaining({ name: LIM1, autostart: true, limits })]);
    expect(readFileSync(join(lxcPath, LIM1, 'config'), 'utf8')).toContain('lxc.start.auto = 1');

    // A process that allocates past the limit is killed; the instance stays up.
    const hog = await node.call('POST', `/instances/${LIM1}/exec`, { command: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1'] });
    expect(hog.body.exitCode).toBe(137);
    expect((await node.call('GET', `/instances/${LIM1}`)).body.state).toBe('RUNNING');
  });

  it('changes limits of a running instance live, and removes one with null', async () => {
    const raised = await node.call('PATCH', `/instances/${LIM1}`, { limits: { memoryMiB: 96, cpuPercent: 50 } });
    expect(raised.status).toBe(200);
    expect(raised.body.limits).toMatchObject({ memoryMiB: 96, cpuPercent: 50, processes: 128, enforced: true, appliesAtNextStart: false });
    expect(Number(readFileSync(memoryLimitFile(LIM1), 'utf8'))).toBe(96 * MIB);
    const hog = await node.call('POST', `/instances/${LIM1}/exec`, { command: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1'] });
    expect(hog.body.exitCode).toBe(0);

    const removed = await node.call('PATCH', `/instances/${LIM1}`, { limits: { memoryMiB: null }, autostart: false });
    expect(removed.body).toMatchObject({ autostart: false, limits: { memoryMiB: null, cpuPercent: 50 } });
    expect(Number(readFileSync(memoryLimitFile(LIM1), 'utf8'))).toBeGreaterThan(1024 * MIB);
    const invalid = await node.call('PATCH', `/instances/${LIM1}`, { limits: { memoryMiB: 1 } });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toMatch(/limits\.memoryMiB must be a whole number from 4/);
    expect((await node.call('PATCH', '/instances/nobody', { autostart: true })).status).toBe(404);
    const cpus = availableParallelism();
    const tooMany = await node.call('PATCH', `/instances/${LIM1}`, { limits: { cpus: cpus + 1 } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe(`limits.cpus must be at most ${cpus}: this board has ${cpus} CPUs (got ${cpus + 1})`);
    const pinned = await node.call('PATCH', `/instances/${LIM1}`, { limits: { cpus: 1 } });
    expect(pinned.body.limits).toMatchObject({ cpus: 1, appliesAtNextStart: false });
    const cpuset = UNIFIED ? `/sys/fs/cgroup/lxc.payload.${LIM1}/cpuset.cpus` : `/sys/fs/cgroup/cpuset/lxc.payload.${LIM1}/cpuset.cpus`;
    expect(readFileSync(cpuset, 'utf8').trim()).toBe('0');
  });

  it('snapshots a stopped instance and restores it: a deleted marker is back', async () => {
    expect((await node.call('POST', `/instances/${LIM1}/exec`, { command: ['sh', '-c', 'echo kept > /root/marker'] })).body.exitCode).toBe(0);
    const live = await node.call('POST', `/instances/${LIM1}/snapshots`, { name: 'clean' });
    expect(live.status).toBe(409);
    expect(live.body.message).toMatch(/running: stop it before you snapshot it/);
    await node.call('POST', `/instances/${LIM1}`, { action: 'stop', force: true });

    const snapshot = await node.call('POST', `/instances/${LIM1}/snapshots`, { name: 'clean' });
    expect(snapshot.status).toBe(201);
    expect(snapshot.body).toEqual({ name: 'clean', createdAt: expect.any(String), sizeBytes: expect.any(Number) });
    expect((await node.call('POST', `/instances/${LIM1}/snapshots`, { name: 'clean' })).status).toBe(409);
    expect((await node.call('GET', `/instances/${LIM1}/snapshots`)).body).toEqual([snapshot.body]);

    await node.call('POST', `/instances/${LIM1}`, { action: 'start' });
    expect((await node.call('POST', `/instances/${LIM1}/exec`, { command: ['rm', '/root/marker'] })).body.exitCode).toBe(0);
    const refused = await node.call('POST', `/instances/${LIM1}/snapshots/clean/restore`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/stop it first, or pass stopFirst/);

    const restored = await node.call('POST', `/instances/${LIM1}/snapshots/clean/restore`, { stopFirst: true });
    expect(restored.status).toBe(200);
    expect(restored.body.state).toBe('RUNNING');
    const marker = await node.call('POST', `/instances/${LIM1}/exec`, { command: ['cat', '/root/marker'] });
    expect(marker.body).toMatchObject({ exitCode: 0, stdout: 'kept\n' });

    expect((await node.call('POST', `/instances/${LIM1}/snapshots/nothing/restore`, {})).status).toBe(404);
    expect((await node.call('DELETE', `/instances/${LIM1}/snapshots/clean`)).status).toBe(204);
    expect((await node.call('GET', `/instances/${LIM1}/snapshots`)).body).toEqual([]);
  });

  it('streams the rootfs of a stopped instance as a tarball, and refuses a running one', async () => {
    const running = await fetch(`${node.baseUrl}/instances/${LIM1}/rootfs`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(running.status).toBe(409);
    await node.call('POST', `/instances/${LIM1}`, { action: 'stop', force: true });
    const answer = await fetch(`${node.baseUrl}/instances/${LIM1}/rootfs`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-tar');
    const folder = await mkdtemp(join(tmpdir(), 'tinystack-export-'));
    try {
      const tarball = join(folder, 'exported.tar');
      await writeFile(tarball, Buffer.from(await answer.arrayBuffer()));
      const listing = await new ExecFileProcessRunner().run('tar', ['--list', '--file', tarball], { timeoutMs: 20_000 });
      expect(listing.stdout.split('\n')).toEqual(expect.arrayContaining(['./root/marker', './bin/busybox']));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('starts the autostart instances when the node starts, and leaves the others stopped', async () => {
    await node.call('PATCH', `/instances/${LIM1}`, { autostart: true });
    expect((await node.call('POST', '/instances', { name: LIM2 })).status).toBe(201);
    await node.close();
    node = await startComputeTestApp({ LXC_PATH: lxcPath });
    await waitForState(node, LIM1, 'RUNNING');
    expect((await node.call('GET', `/instances/${LIM2}`)).body.state).toBe('STOPPED');
  });
});

describeWithLxc('limits on a board whose memory controller is off', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath('memory-off-');
    node = await startComputeTestApp({ LXC_PATH: lxcPath }, { overrides: [{ provide: CgroupControllers, useValue: new MemoryOffCgroups() }] });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('keeps the memory limit but says it is not enforced, naming the controller and how to turn it on', async () => {
    const created = await node.call('POST', '/instances', { name: OFF1, limits: { memoryMiB: 32 } });
    expect(created.status).toBe(201);
    expect(created.body.limits).toEqual({
      memoryMiB: 32,
      cpus: null,
      cpuPercent: null,
      processes: null,
      enforced: false,
      reason: expect.stringMatching(/^the memory controller is off on this board: add cgroup_enable=memory/),
      appliesAtNextStart: false,
    });
    const processesOnly = await node.call('PATCH', `/instances/${OFF1}`, { limits: { memoryMiB: null, processes: 64 } });
    expect(processesOnly.body.limits).toMatchObject({ processes: 64, enforced: true, reason: null });
  });
});

describeWithLxc('a restore that stops the instance first answers once the instance takes commands (real LXC)', () => {
  const NAME = `rst${SUFFIX}`;
  /** Restores in a row: the list read that races the restore's answer is lost in some of them, not all. */
  const ROUNDS = 6;
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath('restore-');
    // The inventory looks every half second, so it reads the list while the restore has the instance stopped.
    node = await startComputeTestApp({ LXC_PATH: lxcPath, INVENTORY_INTERVAL_MS: 500 });
    expect((await node.call('POST', '/instances', { name: NAME })).status).toBe(201);
    expect((await node.call('POST', `/instances/${NAME}/snapshots`, { name: 'clean' })).status).toBe(201);
    expect((await node.call('POST', `/instances/${NAME}`, { action: 'start' })).body.state).toBe('RUNNING');
  }, 120_000);

  afterAll(async () => {
    // With its snapshots (the node's delete passes lxc-destroy -s).
    await node?.call('DELETE', `/instances/${NAME}?force=true`).catch(() => undefined);
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('runs an exec sent right after each restore of a running instance', async () => {
    const deadline = Date.now() + 150_000;
    let rounds = 0;
    for (; rounds < ROUNDS && Date.now() < deadline; rounds++) {
      const restored = await node.call('POST', `/instances/${NAME}/snapshots/clean/restore`, { stopFirst: true });
      expect(restored.body).toMatchObject({ name: NAME, state: 'RUNNING' });
      const ran = await node.call('POST', `/instances/${NAME}/exec`, { command: ['true'] });
      expect(ran.status, `restore ${rounds + 1}: ${JSON.stringify(ran.body)}`).toBe(200);
    }
    expect(rounds).toBeGreaterThan(0);
  }, 180_000);
});
