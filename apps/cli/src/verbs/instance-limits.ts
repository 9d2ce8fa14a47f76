import type { VerbCall } from './verb.js';

/** The options that set an instance's limits and autostart, at create and later. */
export const LIMIT_OPTIONS = {
  memory: { type: 'string', value: 'MiB', description: 'At most this much memory, MiB (counts in a memory quota)' },
  cpus: { type: 'string', value: 'N', description: 'On at most N of the board\'s CPUs' },
  'cpu-percent': { type: 'string', value: 'P', description: 'At most P % of one CPU\'s time (100 = one whole CPU)' },
  processes: { type: 'string', value: 'N', description: 'At most N processes' },
  autostart: { type: 'boolean', description: 'Start it whenever its board starts' },
} as const;

/** The limits the options give; undefined when none was given. */
export function limitsOf(call: VerbCall): { memoryMiB?: number; cpus?: number; cpuPercent?: number; processes?: number } | undefined {
  const limits = {
    ...optional('memoryMiB', call.integer('memory', { min: 4, max: 1024 * 1024 })),
    ...optional('cpus', call.integer('cpus', { min: 1, max: 1024 })),
    ...optional('cpuPercent', call.integer('cpu-percent', { min: 1, max: 100 * 1024 })),
    ...optional('processes', call.integer('processes', { min: 1, max: 1_000_000 })),
  };
  return Object.keys(limits).length > 0 ? limits : undefined;
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** "memory 64 MiB, 1 CPU (enforced)", or why a limit is not enforced. */
export function describeLimits(limits: {
  memoryMiB: number | null;
  cpus: number | null;
  cpuPercent: number | null;
  processes: number | null;
  enforced: boolean;
  reason: string | null;
}): string {
  const set = [
    limits.memoryMiB === null ? null : `memory ${limits.memoryMiB} MiB`,
    limits.cpus === null ? null : `${limits.cpus} CPU${limits.cpus === 1 ? '' : 's'}`,
    limits.cpuPercent === null ? null : `${limits.cpuPercent} % CPU`,
    limits.processes === null ? null : `${limits.processes} processes`,
  ].filter((part): part is string => part !== null);
  if (set.length === 0) return 'no limits';
  return `${set.join(', ')} (${limits.enforced ? 'enforced' : `NOT enforced: ${limits.reason ?? 'the board cannot'}`})`;
}
