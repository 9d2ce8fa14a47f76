/** States reported by `lxc-info` / `lxc-ls`. */
export const CONTAINER_STATES = [
  'STOPPED',
  'STARTING',
  'RUNNING',
  'STOPPING',
  'ABORTING',
  'FREEZING',
  'FROZEN',
  'THAWED',
] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export interface ContainerSummary {
  name: string;
  state: ContainerState;
  /** IPv4 addresses in the order LXC reports them; empty when none. */
  ipv4: string[];
}

/** Live figures of one container; a figure LXC cannot report (stopped, cgroup v2 host) is null. */
export interface ContainerDetails extends ContainerSummary {
  pid: number | null;
  cpuTimeNs: number | null;
  memoryBytes: number | null;
  blkioBytes: number | null;
  /** Bytes from the container's point of view (rx = received by the container). */
  networkRxBytes: number | null;
  networkTxBytes: number | null;
}

export interface CreateContainerOptions {
  name: string;
  template: string;
}

export interface StopContainerOptions {
  /** Seconds to wait for a clean halt before killing. */
  timeoutSeconds: number;
  /** Kill at once, no clean halt. */
  force: boolean;
}

export interface LxcAvailability {
  available: boolean;
  /** `lxc-ls --version` output when available. */
  version: string | null;
  /** Why LXC is not usable, with how to fix it. */
  reason: string | null;
}

/** A change a crash or power cut interrupted, and what `finishInterruptedChanges` did about it. */
export interface InterruptedChange {
  /** The container (its folder in the lxcpath). */
  name: string;
  /** What was done, for the log: "finished its rename", "destroyed: …"; when not repaired, why. */
  outcome: string;
  /** false when the repair failed; the container then stays hidden from list(). */
  repaired: boolean;
}

/** A command to run in a running container; every value has been validated by the caller's DTO. */
export interface ContainerExecRequest {
  /** The program and its arguments, never a shell string. */
  command: readonly string[];
  /** Variables set after the environment is cleared (PATH has a sane default). */
  env: Readonly<Record<string, string>>;
  /** Absolute directory inside the container; `/` when null. */
  cwd: string | null;
  timeoutMs: number;
  /** stdout and stderr keep this many bytes each. */
  outputLimitBytes: number;
  stdin: string | null;
}

export interface ContainerExecResult {
  /** null when the command was killed for its timeout. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

/** A program and its arguments that attach to a container, for a caller that runs it itself (in a PTY). */
export interface AttachCommand {
  program: string;
  args: string[];
}

/** Limits of a container as its config holds them; null = none. */
export interface ContainerLimits {
  memoryMiB: number | null;
  cpus: number | null;
  /** Share of the whole board's CPU time, percent. */
  cpuPercent: number | null;
  processes: number | null;
}

export const NO_LIMITS: Readonly<ContainerLimits> = Object.freeze({ memoryMiB: null, cpus: null, cpuPercent: null, processes: null });

/** The board's cgroup layout, which decides the config keys a limit is written with. */
export interface CgroupLayout {
  /** v2: the unified hierarchy holds the controllers (lxc.cgroup2.*); v1: one hierarchy per controller (lxc.cgroup.*). */
  version: 'v1' | 'v2';
  /** The board's CPU count, to turn a share of the whole board into a CFS quota. */
  cpuCount: number;
}

/** What TinyStack keeps in a container's config besides what LXC itself needs. */
export interface ContainerSettings {
  limits: ContainerLimits;
  /** lxc.start.auto = 1 */
  autostart: boolean;
}

/** A change of settings: what is left out is kept; a limit set to null is removed. */
export interface ContainerSettingsChange {
  limits?: Partial<ContainerLimits>;
  autostart?: boolean;
}

export interface CreateFromRootfsOptions {
  name: string;
  /** An uncompressed (or gzip) tar of a root filesystem, its entries relative to the rootfs (./bin/busybox). */
  tarballPath: string;
}

/** One lxc-snapshot of a container. */
export interface ContainerSnapshot {
  /** LXC's own name of it (snap0, snap1…). */
  lxcName: string;
  /** The comment it was taken with (TinyStack keeps the user's name there); null when none. */
  comment: string | null;
  /** When it was taken, ISO 8601. */
  createdAt: string;
  /** Bytes its folder takes on disk; null when it cannot be told. */
  sizeBytes: number | null;
}

/** The live limits that could not be applied to a running container, each with the kernel's or LXC's words. */
export interface LiveLimitProblem {
  key: string;
  reason: string;
}
