import type { ClusterInstance, ManagerNode, Operation } from '../api/manager-api.types';
import { formatSize } from '../images/image-text';
import type { InstanceLimitsRequest } from './instance-access-api';

export type LimitKey = 'memoryMiB' | 'cpus' | 'cpuPercent' | 'processes';
/** The field names the manager's messages start with ("limits.memoryMiB must be …"). */
export type LimitField = `limits.${LimitKey}`;

export interface LimitSpec {
  key: LimitKey;
  field: LimitField;
  label: string;
  hint: string;
}

export const LIMITS: readonly LimitSpec[] = [
  { key: 'memoryMiB', field: 'limits.memoryMiB', label: 'Memory (MiB)', hint: 'Most memory it may use.' },
  { key: 'cpus', field: 'limits.cpus', label: 'CPUs', hint: 'How many of the board’s CPUs it may run on.' },
  { key: 'cpuPercent', field: 'limits.cpuPercent', label: 'CPU %', hint: 'Share of the whole board’s CPU time.' },
  { key: 'processes', field: 'limits.processes', label: 'Processes', hint: 'Most processes at once.' },
];
export const LIMIT_FIELDS: readonly LimitField[] = LIMITS.map((limit) => limit.field);

/** What is typed in the limit fields; empty means no limit. */
export type LimitsDraft = Record<LimitKey, string>;
/** What was typed in one limit field. */
export interface LimitTyped {
  key: LimitKey;
  value: string;
}
export const withTyped = (draft: LimitsDraft, { key, value }: LimitTyped): LimitsDraft => ({ ...draft, [key]: value });

export const NO_LIMITS_DRAFT: LimitsDraft = { memoryMiB: '', cpus: '', cpuPercent: '', processes: '' };

/** The fields filled with an instance's limits now. */
export function draftOf(limits: ClusterInstance['limits']): LimitsDraft {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return { memoryMiB: text(limits.memoryMiB), cpus: text(limits.cpus), cpuPercent: text(limits.cpuPercent), processes: text(limits.processes) };
}

/**
 * The limits to send: what was typed, as a number (the manager says what is
 * wrong with "abc" or 0). For a create an empty field is left out; for a
 * change it removes the limit (null), and an unchanged one is left out.
 */
export function limitsRequest(draft: LimitsDraft, before: LimitsDraft | null = null): InstanceLimitsRequest | undefined {
  const request: InstanceLimitsRequest = {};
  for (const { key } of LIMITS) {
    const typed = draft[key].trim();
    if (before && typed === before[key].trim()) continue;
    if (typed) request[key] = Number(typed);
    else if (before) request[key] = null;
  }
  return Object.keys(request).length > 0 ? request : undefined;
}

export const anyLimitTyped = (draft: LimitsDraft) => LIMITS.some(({ key }) => draft[key].trim() !== '');

/** "64 MiB, 1 CPU, 50 % CPU, 256 processes"; empty when none is set. */
export function describeLimits(limits: ClusterInstance['limits']): string {
  const parts: string[] = [];
  if (limits.memoryMiB !== null) parts.push(`${limits.memoryMiB} MiB`);
  if (limits.cpus !== null) parts.push(`${limits.cpus} CPU${limits.cpus === 1 ? '' : 's'}`);
  if (limits.cpuPercent !== null) parts.push(`${limits.cpuPercent} % CPU`);
  if (limits.processes !== null) parts.push(`${limits.processes} processes`);
  return parts.join(', ');
}

/**
 * Why a node cannot enforce memory limits, from its readiness check
 * ("memory-cgroup"); null when it can or does not say. (The other
 * controllers have no readiness check: the node says so in its answer.)
 */
export function memoryLimitProblem(node: ManagerNode | null | undefined): string | null {
  const check = node?.checks?.find((candidate) => candidate.name === 'memory-cgroup');
  if (!check || check.ok) return null;
  return check.fix ? `${check.detail} (${check.fix})` : check.detail;
}

/** A create's image download on the row while it runs: "fetching image lab1 … 42 % (21 MB of 50 MB)"; null when none moves. */
export function downloadProgress(operation: Pick<Operation, 'image' | 'progress'>): string | null {
  const { progress, image } = operation;
  if (!progress || !image) return null;
  return `fetching image ${image} … ${Math.floor(progress.percent)} % (${formatSize(progress.bytes)} of ${formatSize(progress.totalBytes)})`;
}
