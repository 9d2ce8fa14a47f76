import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { CommandNotFoundError, ProcessFailedError } from './process-runner.errors.js';

/** Most stderr a streamed program's failure keeps. */
const MAX_STDERR_BYTES = 64 * 1024;

export interface StreamedOutputOptions {
  /** The program is killed (its whole group) when its output does not move for this long. */
  idleTimeoutMs: number;
}

/**
 * Runs a program (argument array, no shell) whose standard output is data to
 * stream on, never collected: the answer is that output. The stream ends when
 * the program exits 0, and fails with ProcessFailedError (its stderr) when it
 * exits otherwise, cannot start (CommandNotFoundError) or stalls. Destroying
 * the stream (a reader that went away) kills the program.
 */
export function streamedOutput(command: string, args: readonly string[], options: StreamedOutputOptions): Readable {
  const output = new PassThrough();
  const child = spawn(command, [...args], { shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const stderr: Buffer[] = [];
  let stderrBytes = 0;
  let finished = false;
  let idle: NodeJS.Timeout | undefined;
  const killGroup = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const fail = (error: Error) => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    killGroup();
    output.destroy(error);
  };
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => fail(new ProcessFailedError(command, `no output for ${options.idleTimeoutMs} ms`, Buffer.concat(stderr).toString('utf8'))), options.idleTimeoutMs);
  };
  armIdle();
  child.stdout.on('data', armIdle);
  child.stdout.pipe(output, { end: false });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderrBytes >= MAX_STDERR_BYTES) return;
    stderr.push(chunk);
    stderrBytes += chunk.length;
  });
  child.on('error', (error: NodeJS.ErrnoException) =>
    fail(error.code === 'ENOENT' ? new CommandNotFoundError(command) : new ProcessFailedError(command, error.message, '')),
  );
  child.on('close', (code, signal) => {
    if (finished) return;
    if (code === 0) {
      finished = true;
      clearTimeout(idle);
      output.end();
      return;
    }
    fail(new ProcessFailedError(command, `exited with ${code ?? signal}`, Buffer.concat(stderr).toString('utf8')));
  });
  output.on('close', () => {
    if (!finished) {
      finished = true;
      clearTimeout(idle);
      killGroup();
    }
  });
  return output;
}
