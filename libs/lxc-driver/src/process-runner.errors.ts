/** The program is not installed (ENOENT when spawning it). */
export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`Command not found: ${command}`);
    this.name = new.target.name;
  }
}

/** The program ran longer than its timeout and was killed. */
export class ProcessTimeoutError extends Error {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
    /** Whatever the program wrote to stderr before it was killed. */
    readonly stderr: string,
  ) {
    super(`Command ${command} did not finish within ${timeoutMs} ms and was killed`);
    this.name = new.target.name;
  }
}

/** The program could not be run or watched to its end (not executable, output over the limit, …). */
export class ProcessFailedError extends Error {
  constructor(
    readonly command: string,
    reason: string,
    readonly stderr: string = '',
  ) {
    super(`Command ${command} failed: ${reason}`);
    this.name = new.target.name;
  }
}
