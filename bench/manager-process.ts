import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const MANAGER_BUNDLE = join(__dirname, '..', 'apps', 'manager', 'main.js');

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { timeout: 5000 }).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The real manager (dist/apps/manager/main.js) as a separate process whose CPU and memory can be read. */
export class ManagerProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [MANAGER_BUNDLE], {
      cwd: this.cwd,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...this.env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.child = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the manager exited with ${child.exitCode}`);
      const answer = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
      if (answer?.ok) return;
      if (Date.now() > deadline) throw new Error('the manager did not start within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** CPU time used so far (user + system), seconds, from /proc/<pid>/stat. */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / CLOCK_TICKS;
  }

  /** Resident memory, bytes, from /proc/<pid>/status. */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB$/m);
    return match ? Number(match[1]) * 1024 : NaN;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  private get pid(): number {
    if (!this.child?.pid) throw new Error('the manager is not running');
    return this.child.pid;
  }
}
