import { spawn, type ChildProcess } from 'node:child_process';
import { builtApp } from '../../manager/test/spawned-app.js';
import { waitFor } from '../../manager/test/wait-for.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const RUN_TIMEOUT_MS = 200_000;

/** An operation's id as the CLI prints it, for a RegExp. */
export const OPERATION_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The environment a CLI run starts from: a PATH and a home of the test's own,
 * nothing of the developer's (no TINYSTACK_* variables, no config file).
 */
export function cliEnvironment(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, ...extra };
}

/** Runs `tinystack ARGS` from dist as a user would, and waits for it to end; `stdin` is piped in when given. */
export function runTinystack(args: readonly string[], env: Record<string, string>, script = builtApp('cli'), stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A CLI run that goes on (events --follow): read its output while it runs, then stop it. */
export class RunningTinystack {
  stdout = '';
  stderr = '';
  private readonly child: ChildProcess;
  private readonly closed: Promise<number | null>;

  constructor(args: readonly string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [builtApp('cli'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.closed = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Waits until its output so far satisfies `check`. */
  until(what: string, check: (run: RunningTinystack) => boolean, timeoutMs = 30_000): Promise<true> {
    return waitFor(`tinystack to print ${what} (stdout so far: ${JSON.stringify(this.stdout)}, stderr: ${JSON.stringify(this.stderr)})`, timeoutMs, async () => {
      if (check(this)) return true;
      if (this.child.exitCode !== null) throw new Error(`tinystack exited ${this.child.exitCode} before ${what}: ${this.stderr}`);
      return undefined;
    });
  }

  /** The exit code once it ended by itself. */
  exit(): Promise<number | null> {
    return this.closed;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.closed;
  }
}
