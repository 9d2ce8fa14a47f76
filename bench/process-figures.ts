// What the benchmarks read about a process and the machine: ports, /proc figures.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { timeout: 5000 }).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The fields of /proc/<pid>/stat after the command name (which is in parentheses and may hold spaces). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time a process used so far (user + system), seconds. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU time of a process's own threads so far, seconds, to the nanosecond: the
 * sum of its threads' /proc/<pid>/task/<tid>/schedstat. A clock tick (10 ms)
 * is 0.017 % of a core over a minute, as much as an idle node's whole timer
 * work; the ticks of utime and stime would not tell 0.10 % from 0.12 %.
 */
export function ownCpuSeconds(pid: number): number {
  let nanoseconds = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended since the listing
    }
  }
  return nanoseconds / 1e9;
}

/**
 * CPU time a process and the children it has waited for used so far: its own
 * threads (ownCpuSeconds) plus cutime + cstime of /proc/<pid>/stat, so that the
 * LXC tools a node runs are counted too (to the clock tick only).
 */
export function cpuSecondsWithChildren(pid: number): number {
  const fields = statFields(pid);
  return ownCpuSeconds(pid) + (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/**
 * Bytes a process made the storage layer write so far (write_bytes of
 * /proc/<pid>/io, its waited-for children included): what wears an SD card.
 */
export function diskWriteBytes(pid: number): number {
  const text = readFileSync(`/proc/${pid}/io`, 'utf8');
  return Number(/^write_bytes: (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/** Resident memory of a process, bytes. */
export function residentBytes(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB$/m);
  return match ? Number(match[1]) * 1024 : NaN;
}
