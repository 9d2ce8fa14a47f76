import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuSeconds, diskWriteBytes, freePort, residentBytes } from './process-figures.js';

export { freePort } from './process-figures.js';

const MANAGER_BUNDLE = join(__dirname, '..', 'apps', 'manager', 'main.js');
const NODE_FLAGS_MODULE = join(__dirname, '..', '..', 'scripts', 'node-flags.mjs');

/** The real manager (dist/apps/manager/main.js) as a separate process whose CPU and memory can be read. */
export class ManagerProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {}

  /**
   * A manager on a free loopback port, its data under `directory/data` and its
   * MQTT broker on a free port of its own, with the bench's settings on top.
   * Not started yet.
   */
  static async onLoopback(directory: string, settings: { MANAGER_TOKEN: string } & Record<string, string>): Promise<ManagerProcess> {
    const port = await freePort();
    return new ManagerProcess(
      `http://127.0.0.1:${port}`,
      { MANAGER_HOST: '127.0.0.1', MANAGER_PORT: String(port), MQTT_PORT: '0', DATA_DIR: join(directory, 'data'), ...settings },
      directory,
    );
  }

  async start(): Promise<void> {
    // As it runs in production (npm run start:manager).
    const { MANAGER_NODE_FLAGS } = (await import(pathToFileURL(NODE_FLAGS_MODULE).href)) as { MANAGER_NODE_FLAGS: string[] };
    const child = spawn(process.execPath, [...MANAGER_NODE_FLAGS, MANAGER_BUNDLE], {
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

  /** Calls the manager's API with its token; a non-2xx answer throws with the manager's message. */
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.env['MANAGER_TOKEN']}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await response.json()) as any;
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${answer.message}`);
    return answer;
  }

  /** CPU time used so far (user + system), seconds. */
  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  /** Resident memory, bytes. */
  rssBytes(): number {
    return residentBytes(this.pid);
  }

  /** Bytes it made the storage layer write so far (/proc/<pid>/io write_bytes). */
  diskWriteBytes(): number {
    return diskWriteBytes(this.pid);
  }

  async stop(): Promise<void> {
    const child = this.child;
    // Stopped already: it exited, or a signal ended it (then exitCode stays null).
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('the manager is not running');
    return this.child.pid;
  }
}
