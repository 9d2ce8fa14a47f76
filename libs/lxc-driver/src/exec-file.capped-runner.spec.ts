import { ExecFileCappedProcessRunner } from './exec-file.process-runner.js';
import { CommandNotFoundError } from './process-runner.errors.js';

const runner = new ExecFileCappedProcessRunner();
const options = { timeoutMs: 10_000, outputLimitBytes: 1024 };

describe('ExecFileCappedProcessRunner', () => {
  it('answers exit status and both streams, with stdin given and the working directory /', async () => {
    const result = await runner.runCapped('sh', ['-c', 'cat; pwd; echo oops >&2; exit 4'], { ...options, input: 'typed\n' });
    expect(result).toMatchObject({ exitCode: 4, stdout: 'typed\n/\n', stderr: 'oops\n', truncated: false, timedOut: false });
  });

  it('cuts a stream at the limit without splitting a character, and lets the program finish', async () => {
    // 600 two-byte characters: 1200 bytes; the cut at 1024 falls on a character boundary.
    const result = await runner.runCapped('sh', ['-c', 'printf "é%.0s" $(seq 600); echo end >&2'], options);
    expect(result.truncated).toBe(true);
    expect(result.stdout).toBe('é'.repeat(512));
    expect(result).toMatchObject({ exitCode: 0, stderr: 'end\n' });
    const odd = await runner.runCapped('sh', ['-c', 'printf "a"; printf "é%.0s" $(seq 600)'], options);
    expect(odd.stdout).toBe(`a${'é'.repeat(511)}`);
  });

  it('kills the process group after the timeout, runs onTimeout, and answers with exit code null', async () => {
    let cleanedUp = false;
    const started = Date.now();
    const result = await runner.runCapped('sh', ['-c', 'echo before; sleep 30; echo after'], {
      ...options,
      timeoutMs: 300,
      onTimeout: async () => {
        cleanedUp = true;
      },
    });
    expect(result).toMatchObject({ exitCode: null, timedOut: true, stdout: 'before\n' });
    expect(cleanedUp).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not wait for a background child that keeps the output pipes open', async () => {
    const started = Date.now();
    const result = await runner.runCapped('sh', ['-c', 'sleep 5 & echo done'], options);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n', timedOut: false });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says when the program does not exist', async () => {
    await expect(runner.runCapped('no-such-program-tinystack', [], options)).rejects.toBeInstanceOf(CommandNotFoundError);
  });
});
