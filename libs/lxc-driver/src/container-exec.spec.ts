import { DEFAULT_CONTAINER_PATH } from './container-exec.js';
import { LxcCliDriver } from './lxc-cli.driver.js';
import { ContainerNotFoundError, ContainerNotRunningError, LxcUnavailableError } from './lxc-errors.js';
import { CommandNotFoundError } from './process-runner.errors.js';
import { StrictCappedProcessRunner, StrictProcessRunner } from './test-support/strict-process-runner.fake.js';

const COMMAND_MS = 10_000;
const P = ['-P', '/tmp/tinystack-lxc-unit'];
const request = { command: ['ls', '-l', '/srv'], env: {}, cwd: null, timeoutMs: 5000, outputLimitBytes: 1024, stdin: null };

/** The marker is random: the expected arguments take it from the call that was made. */
class MarkerCapturingRunner extends StrictCappedProcessRunner {
  override runCapped(...args: Parameters<StrictCappedProcessRunner['runCapped']>) {
    const marker = args[1].find((arg) => arg.startsWith('TINYSTACK_EXEC='));
    return super.runCapped(args[0], args[1].map((arg) => (arg === marker ? 'TINYSTACK_EXEC=<marker>' : arg)), args[2]);
  }
}

function setUp() {
  const runner = new StrictProcessRunner();
  const capped = new MarkerCapturingRunner();
  const driver = new LxcCliDriver(runner, { lxcPath: P[1]!, commandTimeoutMs: COMMAND_MS, createTimeoutMs: 60_000 }, capped);
  return { runner, capped, driver };
}

const execArgs = (...command: string[]) => [
  ...P, '-n', 'web1', '--clear-env', '--set-var', `PATH=${DEFAULT_CONTAINER_PATH}`, '--set-var', 'TINYSTACK_EXEC=<marker>', '--', ...command,
];

describe('LxcCliDriver.exec', () => {
  it('runs the argument array with lxc-attach in a cleared environment, the request\'s variables after PATH', async () => {
    const { capped, runner, driver } = setUp();
    capped.expect(
      {
        command: 'lxc-attach',
        args: [...P, '-n', 'web1', '--clear-env', '--set-var', `PATH=${DEFAULT_CONTAINER_PATH}`, '--set-var', 'NAME=a b;c', '--set-var', 'TINYSTACK_EXEC=<marker>', '--', 'env'],
        timeoutMs: 5000,
        outputLimitBytes: 1024,
        input: 'in',
      },
      { exitCode: 0, stdout: 'NAME=a b;c\n' },
    );
    await expect(driver.exec('web1', { ...request, command: ['env'], env: { NAME: 'a b;c' }, stdin: 'in' })).resolves.toMatchObject({
      exitCode: 0,
      stdout: 'NAME=a b;c\n',
    });
    capped.verify();
    runner.verify();
  });

  it('changes directory through the fixed wrapper, the directory and the command as its arguments', async () => {
    const { capped, driver } = setUp();
    capped.expect({ command: 'lxc-attach', args: execArgs('/bin/sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'sh', '/srv/$(x)', 'ls'), timeoutMs: 5000, outputLimitBytes: 1024 });
    await driver.exec('web1', { ...request, command: ['ls'], cwd: '/srv/$(x)' });
    capped.verify();
  });

  it('tells a stopped instance (409) from a missing one (404) by what lxc-attach and lxc-info say', async () => {
    const { capped, runner, driver } = setUp();
    const notRunning = { exitCode: 1, stderr: 'lxc-attach: web1: ../src/lxc/attach.c: get_attach_context: 406 Connection refused - Failed to get init pid\n' };
    capped.expect({ command: 'lxc-attach', args: execArgs('ls', '-l', '/srv'), timeoutMs: 5000, outputLimitBytes: 1024 }, notRunning);
    runner.expect({ command: 'lxc-info', args: [...P, '-n', 'web1', '-H'], timeoutMs: COMMAND_MS }, { stdout: 'Name: web1\nState: STOPPED\n' });
    await expect(driver.exec('web1', request)).rejects.toBeInstanceOf(ContainerNotRunningError);

    capped.expect({ command: 'lxc-attach', args: execArgs('ls', '-l', '/srv'), timeoutMs: 5000, outputLimitBytes: 1024 }, notRunning);
    runner.expect({ command: 'lxc-info', args: [...P, '-n', 'web1', '-H'], timeoutMs: COMMAND_MS }, { exitCode: 1, stderr: "web1 doesn't exist\n" });
    await expect(driver.exec('web1', request)).rejects.toBeInstanceOf(ContainerNotFoundError);

    // The command's own failure is its answer, whatever it printed.
    capped.expect({ command: 'lxc-attach', args: execArgs('ls', '-l', '/srv'), timeoutMs: 5000, outputLimitBytes: 1024 }, { exitCode: 2, stderr: 'ls: /srv: No such file or directory\n' });
    await expect(driver.exec('web1', request)).resolves.toMatchObject({ exitCode: 2 });
    capped.verify();
    runner.verify();
  });

  it('says LXC is missing when lxc-attach is not installed', async () => {
    const { capped, driver } = setUp();
    capped.expect({ command: 'lxc-attach', args: execArgs('ls', '-l', '/srv'), timeoutMs: 5000, outputLimitBytes: 1024 }, { error: new CommandNotFoundError('lxc-attach') });
    await expect(driver.exec('web1', request)).rejects.toBeInstanceOf(LxcUnavailableError);
  });

  it('gives a terminal a login shell with a cleared environment', () => {
    const { driver } = setUp();
    expect(driver.attachCommand('web1')).toEqual({
      program: 'lxc-attach',
      args: [...P, '-n', 'web1', '--clear-env', '--set-var', `PATH=${DEFAULT_CONTAINER_PATH}`, '--set-var', 'TERM=xterm-256color', '--set-var', 'HOME=/root', '--set-var', 'LANG=C.UTF-8', '--', '/bin/sh', '-l'],
    });
    expect(() => driver.attachCommand('bad name')).toThrow();
  });
});
