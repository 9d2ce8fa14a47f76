import type {
  ContainerDetails,
  ContainerSummary,
  CreateContainerOptions,
  LxcAvailability,
  StopContainerOptions,
} from './container.js';

/**
 * Port for everything TinyStack does to LXC containers of one lxcpath.
 * Implementations throw the errors of `lxc-errors.ts`, never raw process errors.
 */
export abstract class LxcDriver {
  abstract checkAvailability(): Promise<LxcAvailability>;
  abstract list(): Promise<ContainerSummary[]>;
  /** @throws ContainerNotFoundError */
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
  /** Completes changes a crash interrupted (at start-up); the names of the containers repaired. */
  abstract finishInterruptedChanges(): Promise<string[]>;
  /** @throws ContainerRunningError when running and not forced */
  abstract destroy(name: string, options: { force: boolean }): Promise<void>;
}
