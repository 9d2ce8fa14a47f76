import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecFileProcessRunner } from './exec-file.process-runner.js';
import { CommandNotFoundError, ProcessFailedError, ProcessTimeoutError } from './process-runner.errors.js';

/** A process counts as gone when /proc no longer lists it or only its zombie is left. */
async function isProcessAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  return state !== 'Z' && state !== 'X';
}

async function waitUntilGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!(await isProcessAlive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('ExecFileProcessRunner (real processes)', () => {
  const runner = new ExecFileProcessRunner();
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'process-runner-spec-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('returns stdout, stderr and a non-zero exit code as a result', async () => {
    const result = await runner.run('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5_000 });

    expect(result).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('returns exit code 0 on success', async () => {
    const result = await runner.run('/bin/sh', ['-c', 'echo ok'], { timeoutMs: 5_000 });

    expect(result).toEqual({ exitCode: 0, stdout: 'ok\n', stderr: '' });
  });

  it('passes every argument verbatim, without a shell', async () => {
    const args = ['a b', '$HOME', '; echo injected', '*', '"quoted"'];

    const result = await runner.run('/usr/bin/printf', ['%s|', ...args], { timeoutMs: 5_000 });

    expect(result.stdout).toBe(`${args.join('|')}|`);
  });

  it('throws CommandNotFoundError for a program that is not installed', async () => {
    const attempt = runner.run('tinystack-no-such-program', ['--version'], { timeoutMs: 5_000 });

    await expect(attempt).rejects.toBeInstanceOf(CommandNotFoundError);
    await expect(attempt).rejects.toMatchObject({ command: 'tinystack-no-such-program' });
  });

  it('kills a program that outlives its timeout and throws ProcessTimeoutError', async () => {
    const started = Date.now();

    const attempt = runner.run('sleep', ['5'], { timeoutMs: 200 });

    await expect(attempt).rejects.toBeInstanceOf(ProcessTimeoutError);
    await expect(attempt).rejects.toMatchObject({ command: 'sleep', timeoutMs: 200 });
    // Well before sleep would have ended by itself.
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('keeps the stderr written before the timeout', async () => {
    const attempt = runner.run('/bin/sh', ['-c', 'echo starting >&2; sleep 5'], { timeoutMs: 300 });

    await expect(attempt).rejects.toMatchObject({ name: 'ProcessTimeoutError', stderr: 'starting\n' });
  });

  it('kills the children of a timed-out program too', async () => {
    const pidFile = join(scratch, 'child.pid');

    const attempt = runner.run('/bin/sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300 });

    await expect(attempt).rejects.toBeInstanceOf(ProcessTimeoutError);
    const childPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(childPid).toBeGreaterThan(0);
    expect(await waitUntilGone(childPid, 3_000)).toBe(true);
  });

  it('sends SIGKILL when the program ignores SIGTERM', async () => {
    const pidFile = join(scratch, 'stubborn.pid');
    const started = Date.now();

    const attempt = runner.run('/bin/sh', ['-c', `trap '' TERM; echo $$ > ${pidFile}; sleep 30`], {
      timeoutMs: 200,
    });

    await expect(attempt).rejects.toBeInstanceOf(ProcessTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
    const shellPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(await waitUntilGone(shellPid, 3_000)).toBe(true);
  });

  it('reports a program killed by a signal as exit code 128 + signal number', async () => {
    const result = await runner.run('/bin/sh', ['-c', 'kill -KILL $$'], { timeoutMs: 5_000 });

    expect(result.exitCode).toBe(128 + 9);
  });

  it('refuses output over the buffer limit with ProcessFailedError', async () => {
    const attempt = runner.run('head', ['-c', String(16 * 1024 * 1024), '/dev/zero'], { timeoutMs: 10_000 });

    await expect(attempt).rejects.toBeInstanceOf(ProcessFailedError);
  });
});
