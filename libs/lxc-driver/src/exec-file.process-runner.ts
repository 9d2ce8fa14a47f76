import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { Injectable } from '@nestjs/common';
import { ProcessRunner, type ProcessResult, type ProcessRunOptions } from './process-runner.js';
import { CommandNotFoundError, ProcessFailedError, ProcessTimeoutError } from './process-runner.errors.js';

/** LXC listings are a few KiB; anything this large is a runaway program, not data. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Time a program gets to exit after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 1_000;

/**
 * Runs a program execFile-style: an argument array, no shell, output collected.
 * It calls `spawn` rather than `execFile` itself because execFile does not pass
 * `detached` on, and each program needs its own process group so that a timeout
 * also kills its children (the template script under lxc-create, for instance).
 * A program killed by a signal that did not come from us reports exit code
 * 128 + signal number, as a shell would.
 */
@Injectable()
export class ExecFileProcessRunner extends ProcessRunner {
  override run(command: string, args: readonly string[], options: ProcessRunOptions): Promise<ProcessResult> {
    return new Promise<ProcessResult>((resolve, reject) => {
      const child = spawn(command, [...args], {
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let outputBytes = 0;
      const timers: NodeJS.Timeout[] = [];
      let settled = false;
      let timedOut = false;
      const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        finish();
      };

      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        if (settled) return;
        outputBytes += chunk.length;
        if (outputBytes > MAX_OUTPUT_BYTES) {
          killProcessGroup(child, 'SIGKILL');
          settle(() =>
            reject(new ProcessFailedError(command, `output exceeded ${MAX_OUTPUT_BYTES} bytes`, text(stderr))),
          );
          return;
        }
        into.push(chunk);
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));

      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') settle(() => reject(new CommandNotFoundError(command)));
        else settle(() => reject(new ProcessFailedError(command, error.message, text(stderr))));
      });

      child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
        if (timedOut) {
          settle(() => reject(new ProcessTimeoutError(command, options.timeoutMs, text(stderr))));
          return;
        }
        const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
        settle(() => resolve({ exitCode, stdout: text(stdout), stderr: text(stderr) }));
      });

      timers.push(
        setTimeout(() => {
          timedOut = true;
          killProcessGroup(child, 'SIGTERM');
          timers.push(
            setTimeout(() => {
              killProcessGroup(child, 'SIGKILL');
              // A daemon that left the group may hold our pipes open forever: stop waiting for them.
              timers.push(
                setTimeout(() => {
                  child.stdout.destroy();
                  child.stderr.destroy();
                  settle(() => reject(new ProcessTimeoutError(command, options.timeoutMs, text(stderr))));
                }, KILL_GRACE_MS),
              );
            }, KILL_GRACE_MS),
          );
        }, options.timeoutMs),
      );
    });
  }
}

function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group has already exited.
  }
}
