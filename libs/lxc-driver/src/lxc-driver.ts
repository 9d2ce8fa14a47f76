import type { Readable } from 'node:stream';
import type { CgroupSetting } from './container-limits.js';
import type {
  AttachCommand,
  CgroupLayout,
  ContainerSettings,
  ContainerSettingsChange,
  ContainerSnapshot,
  CreateFromRootfsOptions,
  LiveLimitProblem,
  ContainerDetails,
  ContainerExecRequest,
  ContainerExecResult,
  ContainerSummary,
  CreateContainerOptions,
  InterruptedChange,
  LxcAvailability,
  StopContainerOptions,
} from './container.js';

/**
 * Port for everything TinyStack does to LXC containers of one lxcpath.
 * Implementations throw the errors of `lxc-errors.ts`, never raw process errors.
 */
export abstract class LxcDriver {
  abstract checkAvailability(): Promise<LxcAvailability>;
  /** The whole containers: never one being created or half-made (LXC's partial marker, a missing rootfs). */
  abstract list(): Promise<ContainerSummary[]>;
  /**
   * A cheap look at the lxcpath, without running any program: a string that
   * changes whenever a container is created, destroyed, renamed, started or
   * stopped, by this node or by anybody else. It does not change with a
   * container's addresses or a freeze; list() is the full read.
   */
  abstract listingFingerprint(): Promise<string>;
  /** The lxcpath this driver works in (LXC_PATH, else LXC's default); null when LXC cannot tell. */
  abstract lxcPath(): Promise<string | null>;
  /** @throws ContainerNotFoundError, ContainerBeingCreatedError, ContainerIncompleteError */
  abstract get(name: string): Promise<ContainerDetails>;
  /** @throws ContainerExistsError; leaves nothing behind when creation fails. */
  abstract create(options: CreateContainerOptions): Promise<void>;
  /** Starting a running container is a no-op. */
  abstract start(name: string): Promise<void>;
  /** Stopping a stopped container is a no-op. */
  abstract stop(name: string, options: StopContainerOptions): Promise<void>;
  abstract restart(name: string, options: StopContainerOptions): Promise<void>;
  /** @throws ContainerRunningError when running, ContainerExistsError when newName is taken */
  abstract rename(name: string, newName: string): Promise<void>;
  /**
   * At start-up, before anything else touches the lxcpath: completes the renames a
   * crash interrupted and destroys the containers an interrupted create left half-made.
   */
  abstract finishInterruptedChanges(): Promise<InterruptedChange[]>;
  /** @throws ContainerRunningError when running and not forced */
  abstract destroy(name: string, options: { force: boolean }): Promise<void>;
  /**
   * Runs a command in the running container (lxc-attach, cleared environment,
   * argument array). A timeout kills every process of the command, inside the
   * container too, and is an answer (exit code null), not an error.
   * @throws ContainerNotFoundError, ContainerNotRunningError
   */
  abstract exec(name: string, request: ContainerExecRequest): Promise<ContainerExecResult>;
  /** The program and arguments of a login shell in the container, for a caller that runs it in a PTY. */
  abstract attachCommand(name: string): AttachCommand;

  /**
   * A container whose rootfs is unpacked from a tarball, with the config of the
   * busybox template's containers (image-config.ts). LXC's partial marker is in
   * its folder until it is whole; a failure leaves nothing behind.
   * @throws ContainerExistsError, ContainerBeingCreatedError
   */
  abstract createFromRootfs(options: CreateFromRootfsOptions): Promise<void>;
  /**
   * The root filesystem of a stopped container as an uncompressed tar stream
   * (entries relative to the rootfs, numeric owners). The stream fails when tar does.
   * @throws ContainerNotFoundError, ContainerRunningError
   */
  abstract exportRootfs(name: string): Promise<Readable>;
  /** Oldest first. @throws ContainerNotFoundError */
  abstract listSnapshots(name: string): Promise<ContainerSnapshot[]>;
  /** lxc-snapshot with `comment`; a running container is refused. @throws ContainerRunningError */
  abstract createSnapshot(name: string, comment: string): Promise<ContainerSnapshot>;
  /** Replaces the stopped container's rootfs and config with the snapshot's; its snapshots stay. @throws ContainerRunningError */
  abstract restoreSnapshot(name: string, lxcName: string): Promise<void>;
  abstract deleteSnapshot(name: string, lxcName: string): Promise<void>;
  /** The limits and autostart of the container's config. @throws ContainerNotFoundError */
  abstract readSettings(name: string, layout: CgroupLayout): Promise<ContainerSettings>;
  /** Rewrites the config's limits (with the keys of the board's hierarchy) and autostart; answers the result. */
  abstract changeSettings(name: string, change: ContainerSettingsChange, layout: CgroupLayout): Promise<ContainerSettings>;
  /** Applies cgroup settings to the running container (lxc-cgroup), each on its own; answers those that failed. */
  abstract applyLiveSettings(name: string, settings: readonly CgroupSetting[]): Promise<LiveLimitProblem[]>;
}
