import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { cgroupSettings } from './container-limits.js';
import type { CgroupLayout, ContainerExecRequest } from './container.js';
import { ExecFileProcessRunner } from './exec-file.process-runner.js';
import { LxcCliDriver } from './lxc-cli.driver.js';
import { ContainerExistsError, ContainerRunningError } from './lxc-errors.js';
import { createTemporaryLxcPath, describeWithLxc, makeTestImage, removeLxcPath, type TestImage } from './test-support/index.js';

const UNIFIED = existsSync('/sys/fs/cgroup/cgroup.controllers');
const LAYOUT: CgroupLayout = { version: UNIFIED ? 'v2' : 'v1', cpuCount: 2 };
const MIB = 1024 * 1024;

/** A file of the running container's own cgroup for a controller, by the layout LXC 5 uses (lxc.payload.<name>). */
function cgroupFile(name: string, controller: string, file: string): string {
  return UNIFIED ? `/sys/fs/cgroup/lxc.payload.${name}/${file}` : `/sys/fs/cgroup/${controller}/lxc.payload.${name}/${file}`;
}

/** Keys of a config, in order, without the values that name the container itself. */
function configKeys(config: string): string[] {
  return config
    .split('\n')
    .map((line) => /^\s*([\w.]+)\s*=/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
}

function run(command: readonly string[], timeoutMs = 20_000): ContainerExecRequest {
  return { command, env: {}, cwd: null, timeoutMs, outputLimitBytes: 64 * 1024, stdin: null };
}

describeWithLxc('LxcCliDriver: images, snapshots, limits and autostart against real LXC', () => {
  const suffix = randomBytes(3).toString('hex');
  const fromImage = `im${suffix}-a`;
  const fromTemplate = `im${suffix}-t`;
  let lxcPath: string;
  let driver: LxcCliDriver;
  let image: TestImage;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath('images-');
    driver = new LxcCliDriver(new ExecFileProcessRunner(), { lxcPath, commandTimeoutMs: 20_000, createTimeoutMs: 60_000 });
    image = await makeTestImage({ markerContent: `marker ${suffix}\n` });
  });

  afterAll(async () => {
    await removeLxcPath(lxcPath);
    await image?.remove();
  });

  it('creates a container from a rootfs tarball with the busybox template config, minus the host library binds', async () => {
    await driver.createFromRootfs({ name: fromImage, tarballPath: image.path });
    await driver.create({ name: fromTemplate, template: 'busybox' });

    const folder = join(lxcPath, fromImage);
    expect(existsSync(join(folder, 'partial'))).toBe(false);
    expect(readFileSync(join(folder, 'rootfs', image.marker.path), 'utf8')).toBe(image.marker.content);
    const ours = readFileSync(join(folder, 'config'), 'utf8');
    const template = readFileSync(join(lxcPath, fromTemplate, 'config'), 'utf8');
    const hostBinds = (config: string) => config.split('\n').filter((line) => /^lxc\.mount\.entry = \/(usr\/)?lib(64)? /.test(line));
    expect(hostBinds(template).length).toBeGreaterThan(0);
    expect(hostBinds(ours)).toEqual([]);
    // Every other key the template wrote is there, and only lxc.init.cmd is added.
    const templateKeys = new Set(configKeys(template));
    const ourKeys = new Set(configKeys(ours));
    expect([...templateKeys].filter((key) => !ourKeys.has(key))).toEqual([]);
    expect([...ourKeys].filter((key) => !templateKeys.has(key))).toEqual(['lxc.init.cmd']);
    expect(ours).toContain(`lxc.rootfs.path = dir:${folder}/rootfs`);
    expect(ours).toContain(`lxc.uts.name = "${fromImage}"`);
    // busybox's init (a hard link to /bin/busybox in the tarball) halts on SIGUSR1, as the template says.
    expect(ours).toContain('lxc.signal.halt = SIGUSR1');

    expect(await driver.list()).toEqual(
      expect.arrayContaining([{ name: fromImage, state: 'STOPPED', ipv4: [] }]),
    );
  });

  it('starts the container made from the image, the marker inside, and stops it cleanly', async () => {
    await driver.start(fromImage);
    const read = await driver.exec(fromImage, run(['cat', image.marker.path]));
    expect(read).toMatchObject({ exitCode: 0, stdout: image.marker.content });
    // busybox halts cleanly only once udhcpc has its lease: wait for the address (bounded), as a person would.
    for (let attempt = 0; attempt < 30 && (await driver.get(fromImage)).ipv4.length === 0; attempt++) await sleep(500);
    expect((await driver.get(fromImage)).ipv4).toHaveLength(1);
    const started = performance.now();
    await driver.stop(fromImage, { force: false, timeoutSeconds: 10 });
    // A halt by signal, not the 10 s timeout and a kill.
    expect(performance.now() - started).toBeLessThan(8000);
    expect((await driver.get(fromImage)).state).toBe('STOPPED');
  });

  it('refuses a taken name, and leaves nothing behind when the tarball is not one', async () => {
    await expect(driver.createFromRootfs({ name: fromImage, tarballPath: image.path })).rejects.toBeInstanceOf(ContainerExistsError);
    const garbage = join(lxcPath, '..', `garbage-${suffix}.tar`);
    await writeFile(garbage, randomBytes(4096));
    try {
      const broken = `im${suffix}-x`;
      await expect(driver.createFromRootfs({ name: broken, tarballPath: garbage })).rejects.toThrow(/tar could not unpack/);
      expect(existsSync(join(lxcPath, broken))).toBe(false);
    } finally {
      await rm(garbage, { force: true });
    }
  });

  it('exports the rootfs of a stopped container as a tarball that holds the marker, and refuses a running one', async () => {
    const exported = join(lxcPath, '..', `export-${suffix}.tar`);
    try {
      await pipeline(await driver.exportRootfs(fromImage), createWriteStream(exported));
      const listing = await new ExecFileProcessRunner().run('tar', ['--list', '--file', exported], { timeoutMs: 20_000 });
      expect(listing.exitCode).toBe(0);
      expect(listing.stdout.split('\n')).toEqual(expect.arrayContaining([`.${image.marker.path}`, './bin/busybox']));
    } finally {
      await rm(exported, { force: true });
    }
    await driver.start(fromImage);
    try {
      await expect(driver.exportRootfs(fromImage)).rejects.toBeInstanceOf(ContainerRunningError);
      await expect(driver.createSnapshot(fromImage, 'live')).rejects.toBeInstanceOf(ContainerRunningError);
    } finally {
      await driver.stop(fromImage, { force: true, timeoutSeconds: 0 });
    }
  });

  it('snapshots, and a restore brings back a marker deleted since', async () => {
    const snapshot = await driver.createSnapshot(fromImage, 'clean');
    expect(snapshot).toMatchObject({ lxcName: 'snap0', comment: 'clean' });
    expect(snapshot.sizeBytes).toBeGreaterThan(1024 * 1024);
    expect(Date.now() - Date.parse(snapshot.createdAt)).toBeLessThan(60_000);

    await driver.start(fromImage);
    expect(await driver.exec(fromImage, run(['rm', image.marker.path]))).toMatchObject({ exitCode: 0 });
    expect(await driver.exec(fromImage, run(['cat', image.marker.path]))).toMatchObject({ exitCode: 1 });
    await driver.stop(fromImage, { force: true, timeoutSeconds: 0 });

    await driver.restoreSnapshot(fromImage, 'snap0');
    await driver.start(fromImage);
    expect(await driver.exec(fromImage, run(['cat', image.marker.path]))).toMatchObject({ exitCode: 0, stdout: image.marker.content });
    await driver.stop(fromImage, { force: true, timeoutSeconds: 0 });
    // The snapshot stays after a restore, and can be deleted.
    expect(await driver.listSnapshots(fromImage)).toEqual([{ ...snapshot }]);
    await driver.deleteSnapshot(fromImage, 'snap0');
    expect(await driver.listSnapshots(fromImage)).toEqual([]);
  });

  it('destroys a container together with its snapshots, a running one too when forced', async () => {
    await driver.createSnapshot(fromTemplate, 'before');
    await driver.start(fromTemplate);
    await expect(driver.destroy(fromTemplate, { force: false })).rejects.toBeInstanceOf(ContainerRunningError);
    await driver.destroy(fromTemplate, { force: true });
    expect(existsSync(join(lxcPath, fromTemplate))).toBe(false);
  });

  it('writes a 32 MiB memory limit that shows in the cgroup, and a process that allocates past it is killed', async () => {
    const settings = await driver.changeSettings(fromImage, { limits: { memoryMiB: 32, processes: 64 } }, LAYOUT);
    expect(settings).toEqual({ limits: { memoryMiB: 32, cpus: null, cpuPercent: null, processes: 64 }, autostart: false });
    const config = await readFile(join(lxcPath, fromImage, 'config'), 'utf8');
    expect(config).toContain(UNIFIED ? 'lxc.cgroup2.memory.max = 33554432' : 'lxc.cgroup.memory.limit_in_bytes = 33554432');
    expect(await driver.readSettings(fromImage, LAYOUT)).toEqual(settings);

    await driver.start(fromImage);
    try {
      const limitFile = cgroupFile(fromImage, 'memory', UNIFIED ? 'memory.max' : 'memory.limit_in_bytes');
      expect(Number(readFileSync(limitFile, 'utf8'))).toBe(32 * MIB);
      expect(readFileSync(cgroupFile(fromImage, 'pids', 'pids.max'), 'utf8').trim()).toBe('64');
      // dd's buffer is one 64 MiB block: the allocation itself goes past the limit.
      const hog = await driver.exec(fromImage, run(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1']));
      expect(hog.exitCode).toBe(137);
      const events = readFileSync(cgroupFile(fromImage, 'memory', UNIFIED ? 'memory.events' : 'memory.oom_control'), 'utf8');
      expect(Number(/oom_kill (\d+)/.exec(events)?.[1])).toBeGreaterThanOrEqual(1);
      // The container itself lives on, and a small allocation still works.
      expect(await driver.exec(fromImage, run(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=4M', 'count=1']))).toMatchObject({ exitCode: 0 });

      // Raised live: the running cgroup changes at once.
      const raised = await driver.changeSettings(fromImage, { limits: { memoryMiB: 128 } }, LAYOUT);
      const live = cgroupSettings({ ...raised.limits, processes: null }, LAYOUT);
      expect(await driver.applyLiveSettings(fromImage, live)).toEqual([]);
      expect(Number(readFileSync(limitFile, 'utf8'))).toBe(128 * MIB);
      expect(await driver.exec(fromImage, run(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1']))).toMatchObject({ exitCode: 0 });
      // A setting the kernel refuses is an answer, not an exception.
      const refused = await driver.applyLiveSettings(fromImage, [{ file: 'pids.max', value: 'not-a-number' }]);
      expect(refused).toEqual([{ key: 'pids.max', reason: expect.any(String) }]);
    } finally {
      await driver.stop(fromImage, { force: true, timeoutSeconds: 0 });
    }
  });

  it('keeps autostart in the config (lxc.start.auto), and removing limits leaves none', async () => {
    const settings = await driver.changeSettings(fromImage, { autostart: true, limits: { memoryMiB: null, processes: null } }, LAYOUT);
    expect(settings).toEqual({ limits: { memoryMiB: null, cpus: null, cpuPercent: null, processes: null }, autostart: true });
    const config = await readFile(join(lxcPath, fromImage, 'config'), 'utf8');
    expect(config).toContain('lxc.start.auto = 1');
    expect(config).not.toMatch(/lxc\.cgroup2?\./);
    // LXC itself reads it so: lxc-ls lists the container as autostarting.
    const listed = await new ExecFileProcessRunner().run('lxc-ls', ['-P', lxcPath, '-f', '-F', 'NAME,AUTOSTART'], { timeoutMs: 20_000 });
    expect(listed.stdout).toMatch(new RegExp(`${fromImage}\\s+1`));
    expect((await driver.changeSettings(fromImage, { autostart: false }, LAYOUT)).autostart).toBe(false);
  });

  it('refuses to export or snapshot a container that does not exist', async () => {
    await expect(driver.exportRootfs(`im${suffix}-none`)).rejects.toThrow(/does not exist/);
    await expect(driver.readSettings(`im${suffix}-none`, LAYOUT)).rejects.toThrow(/does not exist/);
  });
});
