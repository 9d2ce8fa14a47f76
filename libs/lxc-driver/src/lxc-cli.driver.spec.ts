import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LxcCliDriver } from './lxc-cli.driver.js';
import { PARTIAL_MARKER } from './container-folder.js';
import { PENDING_CONFIG } from './in-place-rename.js';
import {
  ContainerBeingCreatedError,
  ContainerExistsError,
  ContainerIncompleteError,
  ContainerNotFoundError,
  ContainerRunningError,
  LxcCommandError,
  LxcError,
  LxcTimeoutError,
  LxcUnavailableError,
} from './lxc-errors.js';
import { CommandNotFoundError, ProcessFailedError, ProcessTimeoutError } from './process-runner.errors.js';
import { StrictProcessRunner, type RunOutcome } from './test-support/strict-process-runner.fake.js';

const COMMAND_MS = 10_000;
const CREATE_MS = 120_000;

const stoppedInfo = (name: string): string => `Name:           ${name}\nState:          STOPPED\n`;
const runningInfo = (name: string): string =>
  [
    `Name:           ${name}`,
    'State:          RUNNING',
    'PID:            4242',
    'IP:             10.0.3.17',
    'CPU use:        6506316',
    'BlkIO use:      4096',
    'Memory use:     909312',
    'KMem use:       557056',
    'Link:           vethbUAINd',
    ' TX bytes:      864',
    ' RX bytes:      806',
    ' Total bytes:   1670',
    '',
  ].join('\n');
const notFound = (name: string): RunOutcome => ({ exitCode: 1, stderr: `${name} doesn't exist\n` });

/** The fake plus shorthands for the calls the driver makes, with or without `-P`. */
function setUp(lxcPath: string | null) {
  const runner = new StrictProcessRunner();
  const driver = new LxcCliDriver(runner, { lxcPath, commandTimeoutMs: COMMAND_MS, createTimeoutMs: CREATE_MS });
  const P = lxcPath === null ? [] : ['-P', lxcPath];
  const calls = {
    info: (name: string, outcome: RunOutcome) =>
      runner.expect({ command: 'lxc-info', args: [...P, '-n', name, '-H'], timeoutMs: COMMAND_MS }, outcome),
    create: (name: string, template: string, outcome: RunOutcome = {}) =>
      runner.expect(
        { command: 'lxc-create', args: [...P, '-n', name, '-t', template], timeoutMs: CREATE_MS },
        outcome,
      ),
    start: (name: string, outcome: RunOutcome = {}) =>
      runner.expect({ command: 'lxc-start', args: [...P, '-n', name], timeoutMs: COMMAND_MS }, outcome),
    stopGracefully: (name: string, seconds: number, outcome: RunOutcome = {}) =>
      runner.expect(
        { command: 'lxc-stop', args: [...P, '-n', name, '-t', String(seconds)], timeoutMs: seconds * 1000 + COMMAND_MS },
        outcome,
      ),
    kill: (name: string, outcome: RunOutcome = {}) =>
      runner.expect({ command: 'lxc-stop', args: [...P, '-n', name, '-k'], timeoutMs: COMMAND_MS }, outcome),
    rename: (name: string, newName: string, outcome: RunOutcome = {}) =>
      runner.expect({ command: 'lxc-copy', args: [...P, '-n', name, '-N', newName, '-R'], timeoutMs: COMMAND_MS }, outcome),
    destroy: (name: string, force: boolean, outcome: RunOutcome = {}) =>
      runner.expect(
        { command: 'lxc-destroy', args: [...P, '-n', name, '-s', ...(force ? ['-f'] : [])], timeoutMs: COMMAND_MS },
        outcome,
      ),
    /** The clean-up of a create that failed: a half-made container has no snapshots. */
    removeHalfMade: (name: string, outcome: RunOutcome = {}) =>
      runner.expect({ command: 'lxc-destroy', args: [...P, '-n', name, '-f'], timeoutMs: COMMAND_MS }, outcome),
    list: (outcome: RunOutcome) =>
      runner.expect({ command: 'lxc-ls', args: [...P, '-f', '-F', 'NAME,STATE,IPV4'], timeoutMs: COMMAND_MS }, outcome),
    defaultLxcPath: (path: string) =>
      runner.expect({ command: 'lxc-config', args: ['lxc.lxcpath'], timeoutMs: COMMAND_MS }, { stdout: `${path}\n` }),
    version: (outcome: RunOutcome) =>
      runner.expect({ command: 'lxc-ls', args: [...P, '--version'], timeoutMs: COMMAND_MS }, outcome),
  };
  return { runner, driver, calls };
}

describe.each([
  { lxcPath: null, label: "LXC's default lxcpath" },
  { lxcPath: '/srv/tinystack/lxc', label: 'an lxcpath passed as -P' },
])('LxcCliDriver command lines with $label', ({ lxcPath }) => {
  let fixture: ReturnType<typeof setUp>;
  beforeEach(() => {
    fixture = setUp(lxcPath);
  });
  afterEach(() => fixture.runner.verify());

  it('lists with lxc-ls -f -F NAME,STATE,IPV4', async () => {
    fixture.calls.list({ stdout: 'NAME STATE   IPV4 \nweb  RUNNING 10.0.3.5, 10.0.3.6 \ndb   STOPPED -    \n' });
    // Each listed container's folder is checked for LXC's partial marker, in the lxcpath.
    if (lxcPath === null) fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

    await expect(fixture.driver.list()).resolves.toEqual([
      { name: 'web', state: 'RUNNING', ipv4: ['10.0.3.5', '10.0.3.6'] },
      { name: 'db', state: 'STOPPED', ipv4: [] },
    ]);
  });

  it('gets details with lxc-info -n NAME -H', async () => {
    fixture.calls.info('web', { stdout: runningInfo('web') });
    if (lxcPath === null) fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

    await expect(fixture.driver.get('web')).resolves.toEqual({
      name: 'web',
      state: 'RUNNING',
      ipv4: ['10.0.3.17'],
      pid: 4242,
      cpuTimeNs: 6506316,
      memoryBytes: 909312,
      blkioBytes: 4096,
      networkRxBytes: 806,
      networkTxBytes: 864,
    });
  });

  it('creates with lxc-create -n NAME -t TEMPLATE after checking the name is free', async () => {
    fixture.calls.info('web', notFound('web'));
    fixture.calls.create('web', 'busybox');

    await fixture.driver.create({ name: 'web', template: 'busybox' });
  });

  it('starts with lxc-start -n NAME alone (it returns once the container runs)', async () => {
    fixture.calls.start('web');

    await fixture.driver.start('web');
  });

  it('stops gracefully with lxc-stop -t SECONDS and a process timeout beyond it', async () => {
    fixture.calls.stopGracefully('web', 7);

    await fixture.driver.stop('web', { timeoutSeconds: 7, force: false });
  });

  it('forces a stop with lxc-stop -k alone, never with -t', async () => {
    fixture.calls.kill('web');

    await fixture.driver.stop('web', { timeoutSeconds: 30, force: true });
  });

  it('restarts by stopping then starting', async () => {
    fixture.calls.stopGracefully('web', 5);
    fixture.calls.start('web');

    await fixture.driver.restart('web', { timeoutSeconds: 5, force: false });
  });

  it('renames a stopped container whose folder is not in the lxcpath with lxc-copy -n OLD -N NEW -R', async () => {
    fixture.calls.info('web', { stdout: stoppedInfo('web') });
    if (lxcPath === null) fixture.calls.defaultLxcPath('/nonexistent/lxc-default');
    fixture.calls.rename('web', 'www');

    await fixture.driver.rename('web', 'www');
  });

  it('destroys with lxc-destroy -n NAME -s (its snapshots too)', async () => {
    fixture.calls.destroy('web', false);

    await fixture.driver.destroy('web', { force: false });
  });

  it('destroys with lxc-destroy -n NAME -s -f when forced', async () => {
    fixture.calls.destroy('web', true);

    await fixture.driver.destroy('web', { force: true });
  });
});

describe('LxcCliDriver behaviour', () => {
  let fixture: ReturnType<typeof setUp>;
  beforeEach(() => {
    fixture = setUp(null);
  });
  afterEach(() => fixture.runner.verify());

  describe('mapping process failures', () => {
    it('turns a missing tool into LxcUnavailableError with install advice', async () => {
      fixture.calls.list({ error: new CommandNotFoundError('lxc-ls') });

      const attempt = fixture.driver.list();

      await expect(attempt).rejects.toBeInstanceOf(LxcUnavailableError);
      await expect(attempt).rejects.toThrow('apt-get install lxc busybox-static');
    });

    it('turns a process timeout into LxcTimeoutError carrying the stderr so far', async () => {
      fixture.calls.info('web', { error: new ProcessTimeoutError('lxc-info', COMMAND_MS, 'stuck on cgroup\n') });

      const attempt = fixture.driver.get('web');

      await expect(attempt).rejects.toBeInstanceOf(LxcTimeoutError);
      await expect(attempt).rejects.toMatchObject({ detail: 'stuck on cgroup' });
    });

    it('turns any other process error into LxcCommandError', async () => {
      fixture.calls.list({ error: new ProcessFailedError('lxc-ls', 'output exceeded 4194304 bytes') });

      await expect(fixture.driver.list()).rejects.toBeInstanceOf(LxcCommandError);
    });

    it('turns an unexplained non-zero exit into LxcCommandError with the stderr as detail', async () => {
      fixture.calls.list({ exitCode: 1, stderr: 'lxc-ls: Permission denied\n' });

      const attempt = fixture.driver.list();

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: 'lxc-ls: Permission denied' });
    });

    it('turns "doesn\'t exist" from lxc-info into ContainerNotFoundError', async () => {
      fixture.calls.info('ghost', notFound('ghost'));

      await expect(fixture.driver.get('ghost')).rejects.toEqual(new ContainerNotFoundError('ghost'));
    });

    it('keeps other lxc-info failures as LxcCommandError', async () => {
      fixture.calls.info('web', { exitCode: 1, stderr: 'Failed to load config for web\n' });

      const attempt = fixture.driver.get('web');

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: 'Failed to load config for web' });
    });
  });

  describe('create', () => {
    it('refuses an existing name without running lxc-create', async () => {
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      await expect(fixture.driver.create({ name: 'web', template: 'busybox' })).rejects.toEqual(
        new ContainerExistsError('web'),
      );
    });

    it('leaves a container alone that appeared between the check and lxc-create', async () => {
      fixture.calls.info('web', notFound('web'));
      fixture.calls.create('web', 'busybox', {
        exitCode: 1,
        stderr: 'lxc-create: web: ../src/lxc/tools/lxc_create.c: main: 264 Container already exists\n',
      });

      await expect(fixture.driver.create({ name: 'web', template: 'busybox' })).rejects.toEqual(
        new ContainerExistsError('web'),
      );
    });

    it('destroys the half-made container when lxc-create fails, then reports the failure', async () => {
      const stderr = 'lxc-create: web: ../src/lxc/lxccontainer.c: __lxcapi_create: 1799 Template "download" not found\n';
      fixture.calls.info('web', notFound('web'));
      fixture.calls.create('web', 'download', { exitCode: 1, stderr });
      fixture.calls.removeHalfMade('web');
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      const attempt = fixture.driver.create({ name: 'web', template: 'download' });

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: stderr.trim() });
    });

    it('destroys the half-made container when lxc-create times out, then reports the timeout', async () => {
      fixture.calls.info('web', notFound('web'));
      fixture.calls.create('web', 'busybox', { error: new ProcessTimeoutError('lxc-create', CREATE_MS, '') });
      fixture.calls.removeHalfMade('web');
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      await expect(fixture.driver.create({ name: 'web', template: 'busybox' })).rejects.toBeInstanceOf(
        LxcTimeoutError,
      );
    });

    it('reports the creation failure even when the clean-up fails too', async () => {
      fixture.calls.info('web', notFound('web'));
      fixture.calls.create('web', 'busybox', { exitCode: 1, stderr: 'Failed to create container web\n' });
      fixture.calls.removeHalfMade('web', { error: new ProcessTimeoutError('lxc-destroy', COMMAND_MS, '') });

      const attempt = fixture.driver.create({ name: 'web', template: 'busybox' });

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: 'Failed to create container web' });
    });
  });

  describe('start', () => {
    it('treats an already running container as success, as lxc-start does', async () => {
      fixture.calls.start('web', { exitCode: 0, stderr: 'lxc-start: web: Container is already running\n' });

      await fixture.driver.start('web');
    });

    it('throws ContainerNotFoundError for an unknown container', async () => {
      fixture.calls.start('ghost', {
        exitCode: 1,
        stderr: 'lxc-start: ghost: ../src/lxc/tools/lxc_start.c: main: 266 No container config specified\n',
      });

      await expect(fixture.driver.start('ghost')).rejects.toBeInstanceOf(ContainerNotFoundError);
    });

    it('reports a failing lxc-start with its stderr', async () => {
      const stderr = 'Failed to attach "vethXXXX" to bridge "lxcbr0", bridge interface doesn\'t exist\n';
      fixture.calls.start('web', { exitCode: 1, stderr });

      const attempt = fixture.driver.start('web');

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: stderr.trim() });
    });
  });

  describe('stop', () => {
    const notRunning = { exitCode: 2, stderr: 'web is not running\n' };

    it('does nothing for a stopped container (lxc-stop exit 2, the container exists)', async () => {
      fixture.calls.stopGracefully('web', 5, notRunning);
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      await fixture.driver.stop('web', { timeoutSeconds: 5, force: false });
    });

    it('does nothing for a forced stop of a stopped container', async () => {
      fixture.calls.kill('web', notRunning);
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      await fixture.driver.stop('web', { timeoutSeconds: 5, force: true });
    });

    it('throws ContainerNotFoundError for an unknown container, which lxc-stop calls not running', async () => {
      fixture.calls.stopGracefully('ghost', 5, { exitCode: 2, stderr: 'ghost is not running\n' });
      fixture.calls.info('ghost', notFound('ghost'));

      await expect(fixture.driver.stop('ghost', { timeoutSeconds: 5, force: false })).rejects.toBeInstanceOf(
        ContainerNotFoundError,
      );
    });

    it('kills when the graceful stop fails', async () => {
      fixture.calls.stopGracefully('web', 5, { exitCode: 1, stderr: 'Failed to stop web\n' });
      fixture.calls.kill('web');

      await fixture.driver.stop('web', { timeoutSeconds: 5, force: false });
    });

    it('kills when the graceful stop hangs past its process timeout', async () => {
      fixture.calls.stopGracefully('web', 5, { error: new ProcessTimeoutError('lxc-stop', 15_000, '') });
      fixture.calls.kill('web');

      await fixture.driver.stop('web', { timeoutSeconds: 5, force: false });
    });

    it('kills at once when there is no time for a clean halt', async () => {
      fixture.calls.kill('web');

      await fixture.driver.stop('web', { timeoutSeconds: 0, force: false });
    });

    it('reports a failing kill', async () => {
      fixture.calls.kill('web', { exitCode: 1, stderr: 'Failed to stop web\n' });

      const attempt = fixture.driver.stop('web', { timeoutSeconds: 5, force: true });

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: 'Failed to stop web' });
    });

    it.each([-1, 1.5, Number.NaN])('refuses a stop timeout of %s before running anything', async (timeoutSeconds) => {
      await expect(fixture.driver.stop('web', { timeoutSeconds, force: false })).rejects.toThrow(/stop timeout/);
    });
  });

  describe('rename', () => {
    it('throws ContainerNotFoundError for an unknown container, before copying anything', async () => {
      fixture.calls.info('ghost', notFound('ghost'));

      await expect(fixture.driver.rename('ghost', 'www')).rejects.toEqual(new ContainerNotFoundError('ghost'));
    });

    it('throws ContainerRunningError for a running container, before copying anything', async () => {
      fixture.calls.info('web', { stdout: runningInfo('web') });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      const attempt = fixture.driver.rename('web', 'www');

      await expect(attempt).rejects.toEqual(new ContainerRunningError('web', 'rename'));
      await expect(attempt).rejects.toThrow('before you rename it');
    });

    it('throws ContainerExistsError when lxc-copy fails because the new name is taken', async () => {
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');
      fixture.calls.rename('web', 'db', { exitCode: 1 });
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.info('db', { stdout: stoppedInfo('db') });

      await expect(fixture.driver.rename('web', 'db')).rejects.toEqual(new ContainerExistsError('db'));
    });

    it('reports a failing lxc-copy (which prints nothing) as LxcCommandError', async () => {
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');
      fixture.calls.rename('web', 'www', { exitCode: 1 });
      fixture.calls.info('web', { stdout: stoppedInfo('web') });
      fixture.calls.info('www', notFound('www'));

      const attempt = fixture.driver.rename('web', 'www');

      await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
      await expect(attempt).rejects.toMatchObject({ detail: null });
    });
  });

  describe('destroy', () => {
    it('throws ContainerRunningError for a running container without force', async () => {
      fixture.calls.destroy('web', false, {
        exitCode: 1,
        stderr: 'lxc-destroy: web: ../src/lxc/tools/lxc_destroy.c: do_destroy: 91 web is running\n',
      });

      const attempt = fixture.driver.destroy('web', { force: false });

      await expect(attempt).rejects.toEqual(new ContainerRunningError('web', 'delete'));
      await expect(attempt).rejects.toThrow('before you delete it');
    });

    it.each([false, true])('throws ContainerNotFoundError for an unknown container (force: %s)', async (force) => {
      fixture.calls.destroy('ghost', force, {
        exitCode: 1,
        stderr: 'lxc-destroy: ghost: ../src/lxc/tools/lxc_destroy.c: main: 240 Container is not defined\n',
      });

      await expect(fixture.driver.destroy('ghost', { force })).rejects.toEqual(new ContainerNotFoundError('ghost'));
    });

    it('reports other failures as LxcCommandError', async () => {
      fixture.calls.destroy('web', true, { exitCode: 1, stderr: 'Failed to destroy rootfs\n' });

      await expect(fixture.driver.destroy('web', { force: true })).rejects.toBeInstanceOf(LxcCommandError);
    });
  });

  describe('names', () => {
    const badNames = ['', '-P', 'a/b', '../etc', 'web ', '9web', 'web-', 'we_b', 'a'.repeat(64), 'wéb'];

    it.each(badNames)('refuses %j before running any command', async (name) => {
      const attempts = [
        fixture.driver.get(name),
        fixture.driver.create({ name, template: 'busybox' }),
        fixture.driver.start(name),
        fixture.driver.stop(name, { timeoutSeconds: 5, force: false }),
        fixture.driver.restart(name, { timeoutSeconds: 5, force: false }),
        fixture.driver.rename(name, 'web'),
        fixture.driver.rename('web', name),
        fixture.driver.destroy(name, { force: true }),
      ];

      for (const attempt of attempts) {
        const error = await attempt.then(
          () => null,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(LxcError);
        expect((error as Error).message).toMatch(/not a hostname label/);
      }
    });

    it('accepts a 63-character label', async () => {
      const name = `a${'b1-'.repeat(20)}bc`;
      expect(name).toHaveLength(63);
      fixture.calls.info(name, { stdout: stoppedInfo(name) });
      fixture.calls.defaultLxcPath('/nonexistent/lxc-default');

      await expect(fixture.driver.get(name)).resolves.toMatchObject({ name, state: 'STOPPED' });
    });

    it.each(['-P', '--dir=/', 'busy box', ''])('refuses the template %j', async (template) => {
      await expect(fixture.driver.create({ name: 'web', template })).rejects.toThrow(/Refusing template/);
    });
  });
});

describe('LxcCliDriver.checkAvailability', () => {
  let scratch: string;
  let runner: StrictProcessRunner;
  const driverFor = (lxcPath: string | null) =>
    new LxcCliDriver(runner, { lxcPath, commandTimeoutMs: COMMAND_MS, createTimeoutMs: CREATE_MS });
  const version = (lxcPath: string | null, outcome: RunOutcome) =>
    runner.expect(
      { command: 'lxc-ls', args: [...(lxcPath === null ? [] : ['-P', lxcPath]), '--version'], timeoutMs: COMMAND_MS },
      outcome,
    );

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lxc-cli-driver-spec-'));
    runner = new StrictProcessRunner();
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
    runner.verify();
  });

  it('reports the version when the tools run and the lxcpath is a usable directory', async () => {
    version(scratch, { stdout: '5.0.2\n' });

    await expect(driverFor(scratch).checkAvailability()).resolves.toEqual({
      available: true,
      version: '5.0.2',
      reason: null,
    });
  });

  it("asks lxc-config for LXC's default lxcpath", async () => {
    version(null, { stdout: '5.0.2\n' });
    runner.expect({ command: 'lxc-config', args: ['lxc.lxcpath'], timeoutMs: COMMAND_MS }, { stdout: `${scratch}\n` });

    await expect(driverFor(null).checkAvailability()).resolves.toMatchObject({ available: true });
  });

  it('says how to install LXC when the tools are missing', async () => {
    version(scratch, { error: new CommandNotFoundError('lxc-ls') });

    const availability = await driverFor(scratch).checkAvailability();

    expect(availability).toMatchObject({ available: false, version: null });
    expect(availability.reason).toContain('apt-get install lxc busybox-static');
  });

  it('is unavailable when lxc-ls --version fails', async () => {
    version(scratch, { exitCode: 1, stderr: 'broken install\n' });

    const availability = await driverFor(scratch).checkAvailability();

    expect(availability).toMatchObject({ available: false, version: null });
    expect(availability.reason).toContain('broken install');
  });

  it('is unavailable when the lxcpath does not exist', async () => {
    const missing = join(scratch, 'missing');
    version(missing, { stdout: '5.0.2\n' });

    const availability = await driverFor(missing).checkAvailability();

    expect(availability).toMatchObject({ available: false, version: '5.0.2' });
    expect(availability.reason).toContain(`${missing} does not exist`);
  });

  it('is unavailable when the lxcpath is a file', async () => {
    const file = join(scratch, 'file');
    await writeFile(file, '');
    version(file, { stdout: '5.0.2\n' });

    const availability = await driverFor(file).checkAvailability();

    expect(availability).toMatchObject({ available: false });
    expect(availability.reason).toContain('not a directory');
  });
});

/** A container folder in a scratch lxcpath, as lxc-create leaves it at each stage. */
async function containerFolder(
  lxcPath: string,
  name: string,
  parts: { config?: boolean; rootfs?: boolean; partial?: boolean } = {},
): Promise<void> {
  const { config = true, rootfs = true, partial = false } = parts;
  const folder = join(lxcPath, name);
  await mkdir(folder, { recursive: true });
  if (config) await writeFile(join(folder, 'config'), `lxc.rootfs.path = dir:${folder}/rootfs\nlxc.uts.name = ${name}\n`);
  if (rootfs) await mkdir(join(folder, 'rootfs', 'etc'), { recursive: true });
  if (partial) await writeFile(join(folder, PARTIAL_MARKER), '', { mode: 0 });
}

describe('LxcCliDriver and half-made containers', () => {
  let lxcPath: string;
  let fixture: ReturnType<typeof setUp>;
  const P = () => ['-P', lxcPath];
  const destroyRun = (name: string) => ({ command: 'lxc-destroy', args: [...P(), '-n', name, '-f'], timeoutMs: COMMAND_MS });

  beforeEach(async () => {
    lxcPath = await mkdtemp(join(tmpdir(), 'lxc-cli-driver-half-made-'));
    fixture = setUp(lxcPath);
  });
  afterEach(async () => {
    await rm(lxcPath, { recursive: true, force: true });
    fixture.runner.verify();
  });

  it('never lists a container whose folder holds the partial marker or lacks its directory rootfs', async () => {
    await containerFolder(lxcPath, 'whole');
    await containerFolder(lxcPath, 'creating', { partial: true });
    await containerFolder(lxcPath, 'gutted', { rootfs: false });
    fixture.calls.list({
      stdout: 'NAME     STATE   IPV4 \ncreating STOPPED -    \ngutted   STOPPED -    \nwhole    STOPPED -    \n',
    });

    await expect(fixture.driver.list()).resolves.toEqual([{ name: 'whole', state: 'STOPPED', ipv4: [] }]);
  });

  it('keeps listing a container whose rootfs is not a directory of its own (another backend)', async () => {
    await mkdir(join(lxcPath, 'layered'));
    await writeFile(join(lxcPath, 'layered', 'config'), 'lxc.rootfs.path = overlay:/srv/base:/srv/delta\n');
    fixture.calls.list({ stdout: 'NAME    STATE   IPV4 \nlayered STOPPED -    \n' });

    await expect(fixture.driver.list()).resolves.toEqual([{ name: 'layered', state: 'STOPPED', ipv4: [] }]);
  });

  it('answers a read of a container being created with ContainerBeingCreatedError, never its STOPPED state', async () => {
    await containerFolder(lxcPath, 'creating', { partial: true });
    fixture.calls.info('creating', { stdout: stoppedInfo('creating') });

    const attempt = fixture.driver.get('creating');

    await expect(attempt).rejects.toEqual(new ContainerBeingCreatedError('creating'));
    await expect(attempt).rejects.toThrow('Instance "creating" is being created');
  });

  it('answers a read of a container without its rootfs with ContainerIncompleteError naming the folder', async () => {
    await containerFolder(lxcPath, 'gutted', { rootfs: false });
    fixture.calls.info('gutted', { stdout: stoppedInfo('gutted') });

    const attempt = fixture.driver.get('gutted');

    await expect(attempt).rejects.toBeInstanceOf(ContainerIncompleteError);
    await expect(attempt).rejects.toThrow(`its root filesystem ${lxcPath}/gutted/rootfs is missing`);
  });

  it('refuses a create of a name someone else is creating, and destroys nothing of theirs', async () => {
    fixture.calls.info('web', notFound('web'));
    fixture.calls.create('web', 'busybox', {
      exitCode: 1,
      stderr:
        'lxc-create: web: ../src/lxc/lxccontainer.c: create_partial: 182 File exists - errno(17) - Failed to create "3/partial" to mark container as partially created\n',
    });

    await expect(fixture.driver.create({ name: 'web', template: 'busybox' })).rejects.toEqual(
      new ContainerBeingCreatedError('web'),
    );
  });

  it('removes the folder its own create left when lxc-create was killed before LXC wrote the config', async () => {
    fixture.calls.info('web', notFound('web'));
    fixture.runner.expect(
      { command: 'lxc-create', args: [...P(), '-n', 'web', '-t', 'busybox'], timeoutMs: CREATE_MS },
      { error: new ProcessTimeoutError('lxc-create', CREATE_MS, '') },
    );
    fixture.runner.expect(destroyRun('web'), { exitCode: 1, stderr: 'lxc-destroy: web: main: 240 Container is not defined\n' });
    await containerFolder(lxcPath, 'web', { config: false, rootfs: false, partial: true });

    await expect(fixture.driver.create({ name: 'web', template: 'busybox' })).rejects.toBeInstanceOf(LxcTimeoutError);

    expect(existsSync(join(lxcPath, 'web'))).toBe(false);
  });

  it('at start-up destroys what interrupted creates left, finishes renames, and touches nothing else', async () => {
    await containerFolder(lxcPath, 'whole');
    await mkdir(join(lxcPath, 'empty'));
    await containerFolder(lxcPath, 'cut-late', { partial: true });
    await containerFolder(lxcPath, 'cut-early', { config: false, rootfs: false, partial: true });
    await containerFolder(lxcPath, 'moved');
    await writeFile(join(lxcPath, 'moved', PENDING_CONFIG), `lxc.rootfs.path = dir:${lxcPath}/moved/rootfs\n`);
    fixture.runner.expect(destroyRun('cut-late'));

    await expect(fixture.driver.finishInterruptedChanges()).resolves.toEqual([
      { name: 'moved', outcome: 'finished its interrupted rename', repaired: true },
      { name: 'cut-early', outcome: 'removed its folder: a create was cut off before LXC wrote its config', repaired: true },
      { name: 'cut-late', outcome: 'destroyed: a create was cut off and left it half-made', repaired: true },
    ]);

    // lxc-destroy (faked here) removes cut-late's folder; the node itself removes only cut-early's.
    expect((await readdir(lxcPath)).sort()).toEqual(['cut-late', 'empty', 'moved', 'whole']);
    expect(existsSync(join(lxcPath, 'whole', 'rootfs', 'etc'))).toBe(true);
  });

  it('reports a half-made container it could not destroy, with the tool\'s words, and goes on', async () => {
    await containerFolder(lxcPath, 'stuck', { partial: true });
    await containerFolder(lxcPath, 'zapped', { partial: true });
    fixture.runner.expect(destroyRun('stuck'), { exitCode: 1, stderr: 'Failed to destroy rootfs\n' });
    fixture.runner.expect(destroyRun('zapped'));

    await expect(fixture.driver.finishInterruptedChanges()).resolves.toEqual([
      {
        name: 'stuck',
        outcome:
          'left half-made (hidden from the list): lxc-destroy could not delete the half-made "stuck" (exit 1): Failed to destroy rootfs',
        repaired: false,
      },
      { name: 'zapped', outcome: 'destroyed: a create was cut off and left it half-made', repaired: true },
    ]);
  });

  it('reports a file-system failure of an in-place rename as LxcCommandError with the reason', async () => {
    await containerFolder(lxcPath, 'web');
    // A directory where the new config is to be written: writing it fails (EISDIR), even for root.
    await mkdir(join(lxcPath, 'web', PENDING_CONFIG));
    fixture.calls.info('web', { stdout: stoppedInfo('web') });

    const attempt = fixture.driver.rename('web', 'www');

    await expect(attempt).rejects.toBeInstanceOf(LxcCommandError);
    await expect(attempt).rejects.toThrow('could not rename "web" to "www" in place');
    await expect(attempt).rejects.toMatchObject({ detail: expect.stringContaining('EISDIR') });
  });
});
