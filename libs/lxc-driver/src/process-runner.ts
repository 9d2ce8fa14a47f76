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
