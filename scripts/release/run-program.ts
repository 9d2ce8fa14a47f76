import { execFile } from 'node:child_process';

export interface RunOptions {
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a program with an argument array (never a shell) and a time limit;
 * resolves with its output, rejects with the command and the end of its
 * error output when it fails.
 */
export function run(program: string, args: readonly string[], options: RunOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const how = error.killed ? `was stopped after ${options.timeoutMs} ms` : `failed (${error.code ?? error.message})`;
        const output = `${stderr}${stdout}`.trim().split('\n').slice(-25).join('\n');
        reject(new Error(`${program} ${args.join(' ')} ${how}${output ? `:\n${output}` : ''}`, { cause: error }));
      },
    );
  });
}
