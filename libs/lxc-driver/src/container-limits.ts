import type { CgroupLayout, ContainerLimits, ContainerSettings, ContainerSettingsChange } from './container.js';
import { NO_LIMITS } from './container.js';

/** CFS period of a cpuPercent limit: 100 ms, the kernel's default. */
export const CPU_PERIOD_US = 100_000;
export const AUTOSTART_KEY = 'lxc.start.auto';
const MIB = 1024 * 1024;

/** One cgroup setting: its name in the hierarchy (for lxc-cgroup) and its value. */
export interface CgroupSetting {
  /** memory.max, pids.max… as lxc-cgroup and the cgroup folder name it. */
  file: string;
  value: string;
}

/** Every cgroup key TinyStack writes, of both hierarchies: a rewrite removes them all first. */
const LIMIT_FILES = ['memory.max', 'memory.limit_in_bytes', 'cpu.max', 'cpu.cfs_quota_us', 'cpu.cfs_period_us', 'pids.max', 'cpuset.cpus'];

function configPrefix(version: CgroupLayout['version']): string {
  return version === 'v2' ? 'lxc.cgroup2.' : 'lxc.cgroup.';
}

/** The cgroup settings of `limits` for the board's hierarchy, in the order they are applied. */
export function cgroupSettings(limits: ContainerLimits, layout: CgroupLayout): CgroupSetting[] {
  const settings: CgroupSetting[] = [];
  const v2 = layout.version === 'v2';
  if (limits.memoryMiB !== null) settings.push({ file: v2 ? 'memory.max' : 'memory.limit_in_bytes', value: String(limits.memoryMiB * MIB) });
  if (limits.cpuPercent !== null) {
    const quota = cpuQuotaUs(limits.cpuPercent, layout.cpuCount);
    if (v2) settings.push({ file: 'cpu.max', value: `${quota} ${CPU_PERIOD_US}` });
    else settings.push({ file: 'cpu.cfs_period_us', value: String(CPU_PERIOD_US) }, { file: 'cpu.cfs_quota_us', value: String(quota) });
  }
  if (limits.processes !== null) settings.push({ file: 'pids.max', value: String(limits.processes) });
  if (limits.cpus !== null) settings.push({ file: 'cpuset.cpus', value: limits.cpus === 1 ? '0' : `0-${limits.cpus - 1}` });
  return settings;
}

/** What a removed limit is set back to on a running container: unlimited, every CPU. */
export function unlimitedSettings(removed: Array<keyof ContainerLimits>, layout: CgroupLayout): CgroupSetting[] {
  const v2 = layout.version === 'v2';
  const all = layout.cpuCount === 1 ? '0' : `0-${layout.cpuCount - 1}`;
  return removed.flatMap((limit): CgroupSetting[] => {
    switch (limit) {
      case 'memoryMiB':
        return [{ file: v2 ? 'memory.max' : 'memory.limit_in_bytes', value: v2 ? 'max' : '-1' }];
      case 'cpuPercent':
        return [v2 ? { file: 'cpu.max', value: `max ${CPU_PERIOD_US}` } : { file: 'cpu.cfs_quota_us', value: '-1' }];
      case 'processes':
        return [{ file: 'pids.max', value: 'max' }];
      case 'cpus':
        return [{ file: 'cpuset.cpus', value: all }];
    }
  });
}

function cpuQuotaUs(percent: number, cpuCount: number): number {
  // At least 1 ms: the kernel refuses a smaller quota.
  return Math.max(1000, Math.round((percent / 100) * cpuCount * CPU_PERIOD_US));
}

interface ConfigLine {
  key: string | null;
  value: string;
  text: string;
}

function parseLines(config: string): ConfigLine[] {
  return config.split('\n').map((text) => {
    const match = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(text);
    return match ? { key: match[1]!, value: match[2]!, text } : { key: null, value: '', text };
  });
}

/** The limits and autostart a container's config holds, whichever hierarchy's keys it uses. */
export function readSettings(config: string, layout: CgroupLayout): ContainerSettings {
  const values = new Map<string, string>();
  for (const line of parseLines(config)) {
    if (line.key === null) continue;
    const file = line.key.replace(/^lxc\.cgroup2?\./, '');
    // The last occurrence wins, as in LXC.
    values.set(line.key.startsWith('lxc.cgroup') ? file : line.key, line.value);
  }
  const limits: ContainerLimits = { ...NO_LIMITS };
  const bytes = wholeNumber(values.get('memory.max') ?? values.get('memory.limit_in_bytes'));
  if (bytes !== null) limits.memoryMiB = Math.round(bytes / MIB);
  const [quotaText, periodText] = (values.get('cpu.max') ?? '').split(/\s+/);
  const quota = wholeNumber(quotaText) ?? wholeNumber(values.get('cpu.cfs_quota_us'));
  const period = wholeNumber(periodText) ?? wholeNumber(values.get('cpu.cfs_period_us')) ?? CPU_PERIOD_US;
  if (quota !== null && period > 0) limits.cpuPercent = Math.max(1, Math.min(100, Math.round((quota / period / layout.cpuCount) * 100)));
  limits.processes = wholeNumber(values.get('pids.max'));
  const cpuset = /^0(?:-(\d+))?$/.exec(values.get('cpuset.cpus') ?? '');
  if (cpuset) limits.cpus = cpuset[1] === undefined ? 1 : Number(cpuset[1]) + 1;
  return { limits, autostart: values.get(AUTOSTART_KEY) === '1' };
}

function wholeNumber(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** The limits after a change: what the change leaves out is kept. */
export function changedLimits(current: ContainerLimits, change: Partial<ContainerLimits> | undefined): ContainerLimits {
  if (change === undefined) return current;
  const next = { ...current };
  for (const limit of Object.keys(NO_LIMITS) as Array<keyof ContainerLimits>) {
    if (change[limit] !== undefined) next[limit] = change[limit];
  }
  return next;
}

/**
 * The config with TinyStack's keys replaced: every cgroup key of the limits
 * (of both hierarchies, so a board moved from v1 to v2 is rewritten right)
 * and lxc.start.auto are dropped, then the new ones appended under a comment.
 */
export function rewriteConfig(config: string, settings: ContainerSettings, layout: CgroupLayout): string {
  const ours = new Set([...LIMIT_FILES.flatMap((file) => [`lxc.cgroup.${file}`, `lxc.cgroup2.${file}`]), AUTOSTART_KEY]);
  const kept = parseLines(config)
    .filter((line) => line.key === null || !ours.has(line.key))
    .map((line) => line.text)
    .filter((text) => text !== SETTINGS_COMMENT);
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
  const prefix = configPrefix(layout.version);
  const added = [
    ...cgroupSettings(settings.limits, layout).map((setting) => `${prefix}${setting.file} = ${setting.value}`),
    ...(settings.autostart ? [`${AUTOSTART_KEY} = 1`] : []),
  ];
  return [...kept, ...(added.length > 0 ? ['', SETTINGS_COMMENT, ...added] : []), ''].join('\n');
}

const SETTINGS_COMMENT = '# Limits and autostart, written by TinyStack';

export function settingsChangeIsEmpty(change: ContainerSettingsChange): boolean {
  return change.autostart === undefined && (change.limits === undefined || Object.values(change.limits).every((value) => value === undefined));
}
