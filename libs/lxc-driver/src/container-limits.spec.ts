import { NO_LIMITS, type CgroupLayout } from './container.js';
import { cgroupSettings, changedLimits, readSettings, rewriteConfig, unlimitedSettings } from './container-limits.js';

const V1: CgroupLayout = { version: 'v1', cpuCount: 4 };
const V2: CgroupLayout = { version: 'v2', cpuCount: 4 };
const BUSYBOX_CONFIG = ['lxc.net.0.type = veth', 'lxc.rootfs.path = dir:/var/lib/lxc/web1/rootfs', 'lxc.uts.name = "web1"', ''].join('\n');
const ALL = { memoryMiB: 64, cpus: 2, cpuPercent: 50, processes: 256 };

describe('limits in an LXC config', () => {
  it('writes the cgroup v2 keys of the unified hierarchy', () => {
    expect(cgroupSettings(ALL, V2)).toEqual([
      { file: 'memory.max', value: String(64 * 1024 * 1024) },
      // Half of a 4-core board: two cores' worth of a 100 ms period.
      { file: 'cpu.max', value: '200000 100000' },
      { file: 'pids.max', value: '256' },
      { file: 'cpuset.cpus', value: '0-1' },
    ]);
  });

  it('writes the cgroup v1 keys, the CFS period before its quota', () => {
    expect(cgroupSettings(ALL, V1)).toEqual([
      { file: 'memory.limit_in_bytes', value: String(64 * 1024 * 1024) },
      { file: 'cpu.cfs_period_us', value: '100000' },
      { file: 'cpu.cfs_quota_us', value: '200000' },
      { file: 'pids.max', value: '256' },
      { file: 'cpuset.cpus', value: '0-1' },
    ]);
    expect(cgroupSettings({ ...NO_LIMITS, cpus: 1 }, V1)).toEqual([{ file: 'cpuset.cpus', value: '0' }]);
  });

  it('reads back what it wrote, whichever hierarchy, and the autostart flag', () => {
    for (const layout of [V1, V2]) {
      const config = rewriteConfig(BUSYBOX_CONFIG, { limits: ALL, autostart: true }, layout);
      expect(readSettings(config, layout)).toEqual({ limits: ALL, autostart: true });
    }
    expect(readSettings(BUSYBOX_CONFIG, V2)).toEqual({ limits: NO_LIMITS, autostart: false });
  });

  it('rewrites in place: the container keys stay, old limit keys of either hierarchy go, no key twice', () => {
    const first = rewriteConfig(BUSYBOX_CONFIG, { limits: ALL, autostart: true }, V1);
    const second = rewriteConfig(first, { limits: { ...NO_LIMITS, memoryMiB: 32 }, autostart: false }, V2);
    expect(second).toBe(`${BUSYBOX_CONFIG}\n# Limits and autostart, written by TinyStack\nlxc.cgroup2.memory.max = 33554432\n`);
    expect(rewriteConfig(second, { limits: NO_LIMITS, autostart: false }, V2)).toBe(BUSYBOX_CONFIG);
  });

  it('keeps what a change leaves out and removes what it sets to null', () => {
    expect(changedLimits(ALL, { memoryMiB: null, processes: 10 })).toEqual({ ...ALL, memoryMiB: null, processes: 10 });
    expect(changedLimits(ALL, undefined)).toBe(ALL);
  });

  it('sets a removed limit of a running container back to unlimited', () => {
    expect(unlimitedSettings(['memoryMiB', 'cpuPercent', 'processes', 'cpus'], V2)).toEqual([
      { file: 'memory.max', value: 'max' },
      { file: 'cpu.max', value: 'max 100000' },
      { file: 'pids.max', value: 'max' },
      { file: 'cpuset.cpus', value: '0-3' },
    ]);
    expect(unlimitedSettings(['memoryMiB', 'cpuPercent'], V1)).toEqual([
      { file: 'memory.limit_in_bytes', value: '-1' },
      { file: 'cpu.cfs_quota_us', value: '-1' },
    ]);
  });
});
