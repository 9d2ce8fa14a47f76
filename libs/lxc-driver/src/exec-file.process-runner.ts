import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { constants } from 'node:os';
import { Injectable } from '@nestjs/common';
import {
  CappedProcessRunner,
  ProcessRunner,
  type CappedProcessResult,
  type CappedRunOptions,
  type ProcessResult,
  type ProcessRunOptions,
} from './process-runner.js';
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

/** How long the output pipes may stay open after the program exited (a background child of it holds them). */
const DRAIN_AFTER_EXIT_MS = 200;

/**
 * Runs a program like ExecFileProcessRunner, for output a person reads: each
 * stream is capped (the rest is read and dropped, so the program is never
 * blocked on a full pipe), stdin can be given, and a timeout is an answer
 * (exit code null) once the process group is killed and `onTimeout` has run.
 * It answers when the program itself exits, not when every child that
 * inherited its pipes is gone: `sh -c 'daemon &'` does not hold the answer.
 * The program runs in `/`, so nothing of the node's working directory leaks.
 */
@Injectable()
export class ExecFileCappedProcessRunner extends CappedProcessRunner {
  override runCapped(command: string, args: readonly string[], options: CappedRunOptions): Promise<CappedProcessResult> {
    const started = performance.now();
    return new Promise<CappedProcessResult>((resolve, reject) => {
      const child = spawn(command, [...args], {
        shell: false,
        detached: true,
        cwd: '/',
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        windowsHide: true,
      }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
      const streams = { stdout: new CappedText(options.outputLimitBytes), stderr: new CappedText(options.outputLimitBytes) };
      let settled = false;
      let timedOut = false;
      let exitCode: number | null = null;
      const timers: NodeJS.Timeout[] = [];
      const answer = (): void => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({
          exitCode: timedOut ? null : exitCode,
          stdout: streams.stdout.text(),
          stderr: streams.stderr.text(),
          truncated: streams.stdout.truncated || streams.stderr.truncated,
          timedOut,
          durationMs: Math.round(performance.now() - started),
        });
      };
      child.stdout.on('data', (chunk: Buffer) => streams.stdout.add(chunk));
      child.stderr.on('data', (chunk: Buffer) => streams.stderr.add(chunk));
      if (child.stdin) {
        // A program that does not read its input closes the pipe early: that is not a failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
      }
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        reject(error.code === 'ENOENT' ? new CommandNotFoundError(command) : new ProcessFailedError(command, error.message));
      });
      child.on('exit', (code: number | null, signal: NodeJS.Signals | null) => {
        exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
        if (!timedOut) timers.push(setTimeout(answer, DRAIN_AFTER_EXIT_MS));
      });
      child.on('close', () => {
        if (!timedOut) answer();
      });
      timers.push(
        setTimeout(() => {
          timedOut = true;
          killProcessGroup(child, 'SIGKILL');
          const cleanUp = options.onTimeout?.() ?? Promise.resolve();
          cleanUp.catch(() => undefined).finally(answer);
        }, options.timeoutMs),
      );
    });
  }
}

/** Collects a stream up to a byte limit, never splitting a UTF-8 character at the cut. */
class CappedText {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    if (this.truncated) return;
    const room = this.limit - this.bytes;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
      return;
    }
    this.truncated = true;
    this.chunks.push(chunk.subarray(0, utf8Boundary(chunk, room)));
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The largest cut at or before `at` that does not fall inside a UTF-8 sequence. */
function utf8Boundary(chunk: Buffer, at: number): number {
  let cut = at;
  // Continuation bytes are 10xxxxxx: step back to the first byte of the character.
  while (cut > 0 && cut < chunk.length && (chunk[cut]! & 0xc0) === 0x80) cut -= 1;
  return cut;
}

function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group has already exited.
  }
}
