import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { INSTANCE_LIMIT_NAMES, type InstanceLimitName, type InstanceLimitsDto, type InstanceLimitsRequestDto } from '@tinystack/contracts';
import {
  cgroupSettings,
  LxcDriver,
  NO_LIMITS,
  unlimitedSettings,
  type CgroupSetting,
  type ContainerLimits,
  type ContainerSettings,
} from '@tinystack/lxc-driver';
import { CgroupControllers, LIMIT_CONTROLLERS, unenforcedReason, type BoardCgroups } from './cgroup-controllers.js';

/** An instance's limits and autostart as every instance answer shows them. */
export interface InstanceSettingsView {
  limits: InstanceLimitsDto;
  autostart: boolean;
}

/** A change of limits (null removes one) and autostart, as the API takes it. */
export interface InstanceSettingsRequest {
  limits?: InstanceLimitsRequestDto;
  autostart?: boolean;
}

/**
 * Limits and autostart live in the container's config (lxc.cgroup[2].* and
 * lxc.start.auto), written with the keys of the board's hierarchy. A limit
 * whose controller the kernel has off is kept but reported as not enforced,
 * with the reason: never a limit that silently does nothing. A change to a
 * running instance is also applied live (lxc-cgroup); what the kernel refuses
 * live applies at its next start, and the answer says so.
 */
@Injectable()
export class InstanceSettings {
  private readonly logger = new Logger('Instances');
  /** Instances with a change the kernel would not apply live: it applies when they next start. */
  private readonly atNextStart = new Set<string>();

  constructor(
    private readonly driver: LxcDriver,
    private readonly cgroups: CgroupControllers,
  ) {}

  async read(name: string): Promise<InstanceSettingsView> {
    const board = await this.cgroups.read();
    return this.view(name, await this.driver.readSettings(name, board.layout), board);
  }

  /** For a list: an instance whose config cannot be read (deleted meanwhile) shows no limits rather than failing the list. */
  async readOrNone(name: string): Promise<InstanceSettingsView> {
    try {
      return await this.read(name);
    } catch {
      const board = await this.cgroups.read();
      return this.view(name, { limits: { ...NO_LIMITS }, autostart: false }, board);
    }
  }

  /** Writes the change to the config, and to the running container's cgroup when `running`. */
  async change(name: string, request: InstanceSettingsRequest, running: boolean): Promise<InstanceSettingsView> {
    const board = await this.cgroups.read();
    const limits = toLimitsChange(request.limits);
    // cpuset.cpus naming a CPU the board lacks would keep the container from starting at all.
    if (typeof limits?.cpus === 'number' && limits.cpus > board.layout.cpuCount) {
      throw new BadRequestException(`limits.cpus must be at most ${board.layout.cpuCount}: this board has ${board.layout.cpuCount} CPUs (got ${limits.cpus})`);
    }
    const settings = await this.driver.changeSettings(name, { limits, autostart: request.autostart }, board.layout);
    if (running && limits !== undefined) {
      const live = liveSettings(limits, settings.limits, board);
      if (live.length > 0) {
        const problems = await this.driver.applyLiveSettings(name, live);
        if (problems.length > 0) {
          this.atNextStart.add(name);
          const words = problems.map((problem) => `${problem.key}: ${problem.reason}`).join('; ');
          this.logger.warn(`The kernel would not change the limits of "${name}" while it runs (${words}): they apply at its next start`);
        }
      }
    }
    return this.view(name, settings, board);
  }

  /** A start or stop applies every limit of the config. */
  applied(name: string): void {
    this.atNextStart.delete(name);
  }

  renamed(from: string, to: string): void {
    if (this.atNextStart.delete(from)) this.atNextStart.add(to);
  }

  private view(name: string, settings: ContainerSettings, board: BoardCgroups): InstanceSettingsView {
    const reason = unenforcedReason(settings.limits, board);
    return {
      limits: { ...settings.limits, enforced: reason === null, reason, appliesAtNextStart: this.atNextStart.has(name) },
      autostart: settings.autostart,
    };
  }
}

/** The request's limits as the driver takes a change: only those it names. */
function toLimitsChange(request: InstanceLimitsRequestDto | undefined): Partial<ContainerLimits> | undefined {
  if (request === undefined) return undefined;
  const change: Partial<ContainerLimits> = {};
  for (const limit of INSTANCE_LIMIT_NAMES) {
    const value = request[limit];
    if (value !== undefined) change[limit] = value;
  }
  return Object.keys(change).length === 0 ? undefined : change;
}

/** The cgroup writes that bring a running container to the changed limits; those of a controller that is off are skipped. */
function liveSettings(change: Partial<ContainerLimits>, after: ContainerLimits, board: BoardCgroups): CgroupSetting[] {
  const changed = (Object.keys(change) as InstanceLimitName[]).filter((limit) => board.enabled.has(LIMIT_CONTROLLERS[limit]));
  const set = changed.filter((limit) => after[limit] !== null);
  const removed = changed.filter((limit) => after[limit] === null);
  const only = (limits: InstanceLimitName[]): ContainerLimits => {
    const picked: ContainerLimits = { ...NO_LIMITS };
    for (const limit of limits) picked[limit] = after[limit];
    return picked;
  };
  return [...cgroupSettings(only(set), board.layout), ...unlimitedSettings(removed, board.layout)];
}
