import { StrictProcessRunner } from './strict-process-runner.fake.js';

describe('StrictProcessRunner', () => {
  it('answers an expected call with its canned result', async () => {
    const runner = new StrictProcessRunner().expect(
      { command: 'lxc-ls', args: ['-1'], timeoutMs: 100 },
      { exitCode: 2, stderr: 'boom' },
    );

    await expect(runner.run('lxc-ls', ['-1'], { timeoutMs: 100 })).resolves.toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'boom',
    });
    expect(() => runner.verify()).not.toThrow();
  });

  it('throws the canned error', async () => {
    const error = new Error('no such tool');
    const runner = new StrictProcessRunner().expect({ command: 'lxc-ls', args: [], timeoutMs: 100 }, { error });

    await expect(runner.run('lxc-ls', [], { timeoutMs: 100 })).rejects.toBe(error);
  });

  it('rejects a call nobody expected, and verify() still reports it when the caller swallowed it', async () => {
    const runner = new StrictProcessRunner();

    await expect(runner.run('lxc-stop', ['-n', 'web', '-k'], { timeoutMs: 100 })).rejects.toThrow(/Unexpected run/);
    expect(() => runner.verify()).toThrow(/Unexpected run: lxc-stop/);
  });

  it('rejects different arguments or timeout', async () => {
    const runner = new StrictProcessRunner()
      .expect({ command: 'lxc-info', args: ['-n', 'web', '-H'], timeoutMs: 100 })
      .expect({ command: 'lxc-info', args: ['-n', 'web', '-H'], timeoutMs: 100 });

    await expect(runner.run('lxc-info', ['-n', 'web'], { timeoutMs: 100 })).rejects.toThrow(/Expected run/);
    await expect(runner.run('lxc-info', ['-n', 'web', '-H'], { timeoutMs: 200 })).rejects.toThrow(/Expected run/);
    expect(() => runner.verify()).toThrow(/but got lxc-info/);
  });

  it('fails verify() for an expected call that was never made', () => {
    const runner = new StrictProcessRunner().expect({ command: 'lxc-start', args: ['-n', 'web'], timeoutMs: 100 });

    expect(() => runner.verify()).toThrow(/never made: lxc-start/);
  });
});
