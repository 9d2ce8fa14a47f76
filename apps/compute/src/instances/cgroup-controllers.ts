import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { InstanceLimitName } from '@tinystack/contracts';
import type { CgroupLayout, ContainerLimits } from '@tinystack/lxc-driver';
import { ComputeSettings, hostRootsOf } from '../config/compute.settings.js';

/** The board's cgroups: the hierarchy (which decides the config keys) and the controllers its kernel has on. */
export interface BoardCgroups {
  layout: CgroupLayout;
  /** Controllers the kernel enables: memory, cpu, cpuset, pids… */
  enabled: ReadonlySet<string>;
}

/**
 * Port for what the board's kernel offers containers' cgroups. The node reads
 * /sys/fs/cgroup/cgroup.controllers (the unified hierarchy, v2) or
 * /proc/cgroups (v1); a test gives a board whose memory controller is off.
 */
export abstract class CgroupControllers {
  abstract read(): Promise<BoardCgroups>;
}

/** The controller each limit needs. */
export const LIMIT_CONTROLLERS: Readonly<Record<InstanceLimitName, string>> = {
  memoryMiB: 'memory',
  cpus: 'cpuset',
  cpuPercent: 'cpu',
  processes: 'pids',
};

/** How to turn a controller on, for the reason an instance's limits are not enforced. */
const TURN_ON: Readonly<Record<string, string>> = {
  memory: 'add cgroup_enable=memory (and cgroup_memory=1 on a Raspberry Pi: cmdline.txt) to the kernel command line and reboot',
};

/** Why the set limits are not enforced (naming each controller that is off), or null when they all are. */
export function unenforcedReason(limits: ContainerLimits, cgroups: BoardCgroups): string | null {
  const off = new Set<string>();
  for (const [limit, controller] of Object.entries(LIMIT_CONTROLLERS) as Array<[InstanceLimitName, string]>) {
    if (limits[limit] !== null && !cgroups.enabled.has(controller)) off.add(controller);
  }
  if (off.size === 0) return null;
  return [...off]
    .map((controller) => `the ${controller} controller is off on this board: ${TURN_ON[controller] ?? `enable the ${controller} cgroup controller in the kernel`}`)
    .join('; ');
}

/** Reads the host's cgroup files once (they change only with a reboot). */
@Injectable()
export class HostCgroupControllers extends CgroupControllers {
  private reading?: Promise<BoardCgroups>;

  constructor(@Inject(ComputeSettings) private readonly settings: ComputeSettings) {
    super();
  }

  override read(): Promise<BoardCgroups> {
    this.reading ??= this.inspect();
    return this.reading;
  }

  private async inspect(): Promise<BoardCgroups> {
    const roots = hostRootsOf(this.settings);
    const cpuCount = availableParallelism();
    const unified = await readFile(join(roots.sys, 'sys/fs/cgroup/cgroup.controllers'), 'utf8').catch(() => null);
    if (unified !== null) return { layout: { version: 'v2', cpuCount }, enabled: new Set(unified.trim().split(/\s+/).filter(Boolean)) };
    // v1: /proc/cgroups lists "subsys_name hierarchy num_cgroups enabled".
    const table = await readFile(join(roots.proc, 'proc/cgroups'), 'utf8').catch(() => '');
    const enabled = new Set(
      table
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields.length >= 4 && fields[3] === '1')
        .map((fields) => fields[0]!),
    );
    // A v1 controller also needs its hierarchy mounted for LXC to use it.
    for (const controller of [...enabled]) {
      const mounted = await stat(join(roots.sys, 'sys/fs/cgroup', controller)).then(() => true, () => false);
      if (!mounted) enabled.delete(controller);
    }
    return { layout: { version: 'v1', cpuCount }, enabled };
  }
}
