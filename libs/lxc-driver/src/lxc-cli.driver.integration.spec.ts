import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExecFileProcessRunner } from './exec-file.process-runner.js';
import { LxcCliDriver } from './lxc-cli.driver.js';
import {
  ContainerBeingCreatedError,
  ContainerExistsError,
  ContainerNotFoundError,
  ContainerRunningError,
} from './lxc-errors.js';
import { createTemporaryLxcPath, describeWithLxc, interruptCreate, removeLxcPath } from './test-support/index.js';

/** Pure cgroup v2 hosts leave CPU and memory out of lxc-info in LXC 4/5. */
const hostReportsCgroupFigures = !existsSync('/sys/fs/cgroup/cgroup.controllers');

describeWithLxc('LxcCliDriver against real LXC', () => {
  // Per-container cgroups are named after the container alone, so names stay unique
  // across the lxcpaths of suites running at the same time.
  const suffix = randomBytes(3).toString('hex');
  const web = `it${suffix}-web`;
  const db = `it${suffix}-db`;
  const renamed = `it${suffix}-www`;
  const timings: Array<{ operation: string; ms: number }> = [];
  let lxcPath: string;
  let driver: LxcCliDriver;

  async function timed<T>(operation: string, action: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await action();
    } finally {
      timings.push({ operation, ms: Math.round(performance.now() - started) });
    }
  }

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    driver = new LxcCliDriver(new ExecFileProcessRunner(), {
      lxcPath,
      commandTimeoutMs: 20_000,
      createTimeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    console.log(`LXC timings through LxcCliDriver (lxcpath ${lxcPath}):`);
    console.table(timings);
    await removeLxcPath(lxcPath);
  });

  it('reports LXC as available', async () => {
    const availability = await driver.checkAvailability();

    expect(availability).toMatchObject({ available: true, reason: null });
    expect(availability.version).toMatch(/^\d+\.\d+/);
  });

  it('starts with an empty lxcpath', async () => {
    await expect(driver.list()).resolves.toEqual([]);
  });

  it('creates a busybox container, stopped', async () => {
    await timed('create', () => driver.create({ name: web, template: 'busybox' }));

    await expect(driver.list()).resolves.toEqual([{ name: web, state: 'STOPPED', ipv4: [] }]);
    await expect(driver.get(web)).resolves.toEqual({
      name: web,
      state: 'STOPPED',
      ipv4: [],
      pid: null,
      cpuTimeNs: null,
      memoryBytes: null,
      blkioBytes: null,
      networkRxBytes: null,
      networkTxBytes: null,
    });
  });

  it('refuses to create a duplicate', async () => {
    await expect(driver.create({ name: web, template: 'busybox' })).rejects.toBeInstanceOf(ContainerExistsError);
  });

  it('starts it and reports its live figures', async () => {
    await timed('start', () => driver.start(web));

    const details = await timed('get (running)', () => driver.get(web));
    expect(details.state).toBe('RUNNING');
    expect(details.pid).toBeGreaterThan(0);
    if (hostReportsCgroupFigures) {
      expect(details.cpuTimeNs).toBeGreaterThan(0);
      expect(details.memoryBytes).toBeGreaterThan(0);
    }
    await expect(driver.list()).resolves.toEqual([{ name: web, state: 'RUNNING', ipv4: [] }]);
  });

  it('treats starting a running container as a no-op', async () => {
    const before = await driver.get(web);

    await timed('start (already running)', () => driver.start(web));

    await expect(driver.get(web)).resolves.toMatchObject({ state: 'RUNNING', pid: before.pid });
  });

  it('refuses to rename or delete it while it runs', async () => {
    await expect(driver.rename(web, renamed)).rejects.toEqual(new ContainerRunningError(web, 'rename'));
    await expect(driver.destroy(web, { force: false })).rejects.toEqual(new ContainerRunningError(web, 'delete'));
    await expect(driver.get(web)).resolves.toMatchObject({ state: 'RUNNING' });
  });

  it('restarts it with a new init process', async () => {
    const before = await driver.get(web);

    await timed('restart (2 s graceful stop)', () => driver.restart(web, { timeoutSeconds: 2, force: false }));

    const after = await driver.get(web);
    expect(after.state).toBe('RUNNING');
    expect(after.pid).not.toBe(before.pid);
  });

  it('stops it within its short graceful timeout (the kill fallback, not the 60 s default)', async () => {
    await timed('stop (2 s graceful)', () => driver.stop(web, { timeoutSeconds: 2, force: false }));

    await expect(driver.get(web)).resolves.toMatchObject({ state: 'STOPPED', pid: null });
  });

  it('treats stopping a stopped container as a no-op', async () => {
    await timed('stop (already stopped)', () => driver.stop(web, { timeoutSeconds: 2, force: false }));

    await expect(driver.get(web)).resolves.toMatchObject({ state: 'STOPPED' });
  });

  it('refuses to rename onto an existing name', async () => {
    await driver.create({ name: db, template: 'busybox' });

    await expect(driver.rename(web, db)).rejects.toEqual(new ContainerExistsError(db));
  });

  it('renames a stopped container in place: its files move, nothing is copied', async () => {
    const marker = (name: string) => join(lxcPath, name, 'rootfs', 'etc', 'tinystack-marker');
    writeFileSync(marker(web), 'kept');
    const inode = statSync(marker(web)).ino;

    await timed('rename', () => driver.rename(web, renamed));

    await expect(driver.get(web)).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(driver.get(renamed)).resolves.toMatchObject({ name: renamed, state: 'STOPPED' });
    expect(readFileSync(marker(renamed), 'utf8')).toBe('kept');
    expect(statSync(marker(renamed)).ino).toBe(inode);
  });

  it('the renamed container still starts', async () => {
    await driver.start(renamed);

    await expect(driver.get(renamed)).resolves.toMatchObject({ state: 'RUNNING' });
  });

  it('force-stops a running container at once', async () => {
    await timed('stop (force)', () => driver.stop(renamed, { timeoutSeconds: 30, force: true }));

    await expect(driver.get(renamed)).resolves.toMatchObject({ state: 'STOPPED' });
  });

  it('force-destroys a running container', async () => {
    await driver.start(renamed);

    await timed('destroy (force, running)', () => driver.destroy(renamed, { force: true }));

    await expect(driver.get(renamed)).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('destroys a stopped container', async () => {
    await timed('destroy (stopped)', () => driver.destroy(db, { force: false }));

    await expect(driver.list()).resolves.toEqual([]);
  });

  it('reports an unknown container', async () => {
    await expect(driver.get(`it${suffix}-ghost`)).rejects.toBeInstanceOf(ContainerNotFoundError);
    await expect(driver.destroy(`it${suffix}-ghost`, { force: true })).rejects.toBeInstanceOf(ContainerNotFoundError);
  });
});

describeWithLxc('LxcCliDriver and an lxc-create cut off on real LXC', () => {
  const cut = `it${randomBytes(3).toString('hex')}-cut`;
  let lxcPath: string;
  let driver: LxcCliDriver;
  const runner = new ExecFileProcessRunner();

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    driver = new LxcCliDriver(runner, { lxcPath, commandTimeoutMs: 20_000, createTimeoutMs: 60_000 });
    await interruptCreate(lxcPath, cut);
  });

  afterAll(async () => {
    await removeLxcPath(lxcPath);
  });

  it('is what LXC itself lists as an ordinary STOPPED container', async () => {
    const listed = await runner.run('lxc-ls', ['-P', lxcPath, '-f', '-F', 'NAME,STATE'], { timeoutMs: 20_000 });

    expect(listed.stdout).toMatch(new RegExp(`^${cut}\\s+STOPPED\\s*$`, 'm'));
  });

  it('is never listed, and a read of it says it is being created', async () => {
    await expect(driver.list()).resolves.toEqual([]);
    await expect(driver.get(cut)).rejects.toEqual(new ContainerBeingCreatedError(cut));
  });

  it('is destroyed by finishInterruptedChanges, after which its name can be created again', async () => {
    await expect(driver.finishInterruptedChanges()).resolves.toEqual([
      { name: cut, outcome: 'destroyed: a create was cut off and left it half-made', repaired: true },
    ]);

    expect(existsSync(join(lxcPath, cut))).toBe(false);
    await expect(driver.get(cut)).rejects.toEqual(new ContainerNotFoundError(cut));
    await driver.create({ name: cut, template: 'busybox' });
    await expect(driver.list()).resolves.toEqual([{ name: cut, state: 'STOPPED', ipv4: [] }]);
    await expect(driver.finishInterruptedChanges()).resolves.toEqual([]);
  });
});
