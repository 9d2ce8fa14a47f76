export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ProcessRunOptions {
  /** The process (and its process group) is killed when it runs longer than this. */
  timeoutMs: number;
}

/**
 * Port for running an external program with an argument array (never a shell).
 * A non-zero exit is a result, not an error; implementations throw only
 * `CommandNotFoundError`, `ProcessTimeoutError` or `ProcessFailedError`.
 */
export abstract class ProcessRunner {
  abstract run(command: string, args: readonly string[], options: ProcessRunOptions): Promise<ProcessResult>;
}

export interface CappedRunOptions {
  /** The process (and its process group) is killed when it runs longer than this; the answer says so. */
  timeoutMs: number;
  /** Each of stdout and stderr keeps at most this many bytes; the rest is read and dropped. */
  outputLimitBytes: number;
  /** Written to the program's standard input, which is then closed; without it stdin is /dev/null. */
  input?: string;
  /** Called once the timeout fired and the process group was killed, before the answer (to clean up what escaped the group). */
  onTimeout?: () => Promise<void>;
}

export interface CappedProcessResult {
  /** null when the program was killed for its timeout. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Whether stdout or stderr went over the limit and was cut. */
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Port for running a program whose output is data for a person (a command in a
 * container): output is capped instead of failing, and a timeout is an answer.
 * Implementations throw only `CommandNotFoundError` or `ProcessFailedError`.
 */
export abstract class CappedProcessRunner {
  abstract runCapped(command: string, args: readonly string[], options: CappedRunOptions): Promise<CappedProcessResult>;
}
