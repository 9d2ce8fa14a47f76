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
