import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for.js';

const REPOSITORY = join(__dirname, '..', '..', '..');
const MAX_OUTPUT = 200_000;

/** Every child still running, killed if the test process goes away without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The built bundle of an app; integration tests run what `npm run build` made. */
export function builtApp(app: 'compute' | 'manager' | 'cli'): string {
  const file = join(REPOSITORY, 'dist', 'apps', app, 'main.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  return file;
}

export function fixtureProcRoot(): string {
  return join(REPOSITORY, 'libs', 'resource-sampler', 'src', 'fixtures', 'pi-first');
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * One app running as its own process from dist, as in production. Start
 * waits until its /health answers; stop sends SIGTERM and waits for the exit.
 */
export class SpawnedApp {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly name: string,
    /** A bundle run with this Node.js, or a whole command line (a release's launcher, say). */
    private readonly script: string | readonly [string, ...string[]],
    private readonly env: Record<string, string>,
    /** The directory it runs in (so that no .env of the repository is read). */
    private readonly cwd: string,
    readonly baseUrl: string,
    /** Flags for node itself, before the script (a compute node's COMPUTE_NODE_FLAGS). */
    private readonly nodeFlags: readonly string[] = [],
    /** How long it may take to answer /health (an emulated CPU is slow to start). */
    private readonly startTimeoutMs = 30_000,
  ) {}

  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const [program, ...args] = typeof this.script === 'string' ? [process.execPath, ...this.nodeFlags, this.script] : this.script;
    const child = spawn(program, args, {
      cwd: this.cwd,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', () => running.delete(child));
    await waitFor(`${this.name} to answer /health`, this.startTimeoutMs, async () => {
      if (child.exitCode !== null) {
        throw new Error(`${this.name} exited with ${child.exitCode} while starting:\n${this.output}`);
      }
      const answer = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
      return answer?.ok ? true : undefined;
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  /** Ends the process at once (SIGKILL: a crash, a pulled plug), without waiting for it to tidy up. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** The process id, for its /proc figures. */
  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.name} is not running`);
    return this.child.pid;
  }

  get isRunning(): boolean {
    return !!this.child && this.child.exitCode === null;
  }

  /** What the process printed, for a failing test's message. */
  log(): string {
    return this.output;
  }
}
