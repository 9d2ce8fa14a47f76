import {
  CappedProcessRunner,
  ProcessRunner,
  type CappedProcessResult,
  type CappedRunOptions,
  type ProcessResult,
  type ProcessRunOptions,
} from '../process-runner.js';

export interface ExpectedRun {
  command: string;
  args: readonly string[];
  timeoutMs: number;
}

/** What the fake answers: a result (missing fields are 0 / '') or an error to throw. */
export type RunOutcome = Partial<ProcessResult> | { error: Error };

/**
 * A ProcessRunner that only accepts the calls queued with `expect`, in order, with exactly
 * those arguments and timeout. Mismatches are recorded as well as thrown, because the code
 * under test may swallow the thrown error: call `verify()` after each test.
 */
export class StrictProcessRunner extends ProcessRunner {
  private readonly queue: Array<{ run: ExpectedRun; outcome: RunOutcome }> = [];
  private readonly violations: string[] = [];

  expect(run: ExpectedRun, outcome: RunOutcome = {}): this {
    this.queue.push({ run, outcome });
    return this;
  }

  override async run(command: string, args: readonly string[], options: ProcessRunOptions): Promise<ProcessResult> {
    const actual = describeRun({ command, args, timeoutMs: options.timeoutMs });
    const next = this.queue.shift();
    if (next === undefined) return this.violate(`Unexpected run: ${actual}`);
    const expected = describeRun(next.run);
    if (expected !== actual) return this.violate(`Expected run ${expected}\n     but got ${actual}`);
    if ('error' in next.outcome) throw next.outcome.error;
    return { exitCode: 0, stdout: '', stderr: '', ...next.outcome };
  }

  /** Fails when a call went wrong or an expected call was never made. */
  verify(): void {
    const left = this.queue.map(({ run }) => `Expected run never made: ${describeRun(run)}`);
    this.queue.length = 0;
    const problems = [...this.violations.splice(0), ...left];
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }

  private violate(message: string): never {
    this.violations.push(message);
    throw new Error(message);
  }
}

function describeRun(run: ExpectedRun): string {
  return `${run.command} ${JSON.stringify(run.args)} (timeout ${run.timeoutMs} ms)`;
}

export interface ExpectedCappedRun {
  command: string;
  args: readonly string[];
  timeoutMs: number;
  outputLimitBytes: number;
  input?: string;
}

/** A CappedProcessRunner that only accepts the calls queued with `expect`, like StrictProcessRunner. */
export class StrictCappedProcessRunner extends CappedProcessRunner {
  private readonly queue: Array<{ run: ExpectedCappedRun; outcome: Partial<CappedProcessResult> | { error: Error } }> = [];
  private readonly violations: string[] = [];

  expect(run: ExpectedCappedRun, outcome: Partial<CappedProcessResult> | { error: Error } = {}): this {
    this.queue.push({ run, outcome });
    return this;
  }

  override async runCapped(command: string, args: readonly string[], options: CappedRunOptions): Promise<CappedProcessResult> {
    const actual = JSON.stringify({ command, args, timeoutMs: options.timeoutMs, outputLimitBytes: options.outputLimitBytes, input: options.input });
    const next = this.queue.shift();
    const expected = next && JSON.stringify({ ...next.run, input: next.run.input });
    if (!next || expected !== actual) {
      const message = next ? `Expected capped run ${expected}\n     but got ${actual}` : `Unexpected capped run: ${actual}`;
      this.violations.push(message);
      throw new Error(message);
    }
    if ('error' in next.outcome) throw next.outcome.error;
    return { exitCode: 0, stdout: '', stderr: '', truncated: false, timedOut: false, durationMs: 0, ...next.outcome };
  }

  verify(): void {
    const left = this.queue.splice(0).map(({ run }) => `Expected capped run never made: ${JSON.stringify(run)}`);
    const problems = [...this.violations.splice(0), ...left];
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
}
