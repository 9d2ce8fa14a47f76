import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_LIMITS } from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';
import { HostCgroupControllers, unenforcedReason } from './cgroup-controllers.js';

/** /proc/cgroups of a default Raspberry Pi OS kernel: the memory controller is there but disabled. */
const PI_PROC_CGROUPS = [
  '#subsys_name\thierarchy\tnum_cgroups\tenabled',
  'cpuset\t2\t1\t1',
  'cpu\t3\t1\t1',
  'cpuacct\t3\t1\t1',
  'memory\t0\t1\t0',
  'pids\t5\t1\t1',
  '',
].join('\n');

describe('HostCgroupControllers', () => {
  let root: string;
  const controllersOf = (settings: Partial<ComputeSettings>) => new HostCgroupControllers(Object.assign(new ComputeSettings(), settings)).read();

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tinystack-cgroups-'));
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reads a v2 board from the unified hierarchy', async () => {
    await mkdir(join(root, 'sys/fs/cgroup'), { recursive: true });
    await writeFile(join(root, 'sys/fs/cgroup/cgroup.controllers'), 'cpuset cpu io memory hugetlb pids rdma misc\n');
    const board = await controllersOf({ PROC_ROOT: root });
    expect(board.layout).toEqual({ version: 'v2', cpuCount: availableParallelism() });
    expect([...board.enabled].sort()).toEqual(['cpu', 'cpuset', 'hugetlb', 'io', 'memory', 'misc', 'pids', 'rdma']);
  });

  it('reads a v1 board from /proc/cgroups, a controller counting only when enabled and mounted', async () => {
    await mkdir(join(root, 'proc'), { recursive: true });
    await writeFile(join(root, 'proc/cgroups'), PI_PROC_CGROUPS);
    for (const controller of ['cpuset', 'cpu', 'memory']) await mkdir(join(root, 'sys/fs/cgroup', controller), { recursive: true });
    const board = await controllersOf({ PROC_ROOT: root });
    expect(board.layout.version).toBe('v1');
    // memory: disabled in the kernel; cpuacct and pids: not mounted here.
    expect([...board.enabled].sort()).toEqual(['cpu', 'cpuset']);
    expect(unenforcedReason({ ...NO_LIMITS, memoryMiB: 64, processes: 10 }, board)).toBe(
      'the memory controller is off on this board: add cgroup_enable=memory (and cgroup_memory=1 on a Raspberry Pi: cmdline.txt) ' +
        'to the kernel command line and reboot; the pids controller is off on this board: enable the pids cgroup controller in the kernel',
    );
    expect(unenforcedReason({ ...NO_LIMITS, cpus: 1, cpuPercent: 20 }, board)).toBeNull();
    expect(unenforcedReason(NO_LIMITS, board)).toBeNull();
  });
});
