// Running node processes for a benchmark and timing what they do.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartedNode {
  child: ChildProcess;
  pid: number;
  /** Everything the process printed, for a failure report. */
  log: () => string;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts `node [flags] script` with extra environment; `prefix` (e.g. `ip netns exec <ns>`) must exec node in its own process. */
export function startNode(script: string, options: { flags?: string[]; env?: Record<string, string>; prefix?: string[] } = {}): StartedNode {
  const [program, ...args] = [...(options.prefix ?? []), process.execPath, ...(options.flags ?? []), script];
  const child = spawn(program!, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  return { child, pid: child.pid ?? NaN, log: () => output.join('') };
}

export async function stopProcess({ child }: StartedNode): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

/** Polls `check` until it returns something truthy or the deadline passes. */
export async function waitFor<T>(
  check: () => Promise<T>,
  { timeoutMs = 15_000, everyMs = 100, what = 'a condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Milliseconds an async action takes. */
export async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

export const format = {
  mb: (kb: number) => `${(kb / 1024).toFixed(1)} MB`,
  pct: (value: number) => `${value.toFixed(3)} %`,
  ms: (value: number) => `${value.toFixed(1)} ms`,
  ratio: (value: number) => `${value.toFixed(2)}x`,
};
