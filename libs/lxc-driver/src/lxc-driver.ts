import type {
  ContainerDetails,
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
}
