import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

const OUTPUT_LIMIT = 64 * 1024;

describeWithLxc('commands in real LXC containers (POST /instances/:id/exec)', () => {
  let lxcPath: string;
  let node: ComputeTestApp;
  const exec = (body: unknown, name = 'exec1') => node.call('POST', `/instances/${name}/exec`, body);

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, EXEC_OUTPUT_MAX_BYTES: OUTPUT_LIMIT });
    expect((await node.call('POST', '/instances', { name: 'exec1', start: true })).status).toBe(201);
    expect((await node.call('POST', '/instances', { name: 'idle1' })).status).toBe(201);
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('answers output, exit status and timing, in a cleared environment with only the variables given', async () => {
    const listed = await exec({ command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', truncated: false, timedOut: false, durationMs: expect.any(Number) });

    const env = await exec({ command: ['env'], env: { GREETING: 'hello world', EMPTY: '' } });
    expect(env.status).toBe(200);
    const variables = env.body.stdout.trim().split('\n').map((line: string) => line.split('=')[0]).sort();
    expect(variables).toEqual(['EMPTY', 'GREETING', 'PATH', 'TINYSTACK_EXEC', 'container'].sort());
    expect(env.body.stdout).toContain('GREETING=hello world\n');
    expect((await exec({ command: ['pwd'] })).body.stdout).toBe('/\n');
  });

  it('passes arguments, the working directory and stdin as they are, never through a shell', async () => {
    const strange = '/tmp/a b;$(touch /tmp/pwned)`id`';
    expect((await exec({ command: ['mkdir', '-p', strange] })).body.exitCode).toBe(0);
    const inside = await exec({ command: ['pwd'], cwd: strange });
    expect(inside.body).toMatchObject({ exitCode: 0, stdout: `${strange}\n` });
    const echoed = await exec({ command: ['echo', '$HOME', '; ls', '`id`'] });
    expect(echoed.body.stdout).toBe('$HOME ; ls `id`\n');
    expect((await exec({ command: ['ls', '/tmp/pwned'] })).body.exitCode).not.toBe(0);

    const missing = await exec({ command: ['pwd'], cwd: '/no/such/dir' });
    expect(missing.status).toBe(200);
    expect(missing.body.exitCode).not.toBe(0);
    expect(missing.body.stderr).toMatch(/can't cd|No such file/);

    const counted = await exec({ command: ['wc', '-l'], stdin: 'one\ntwo\nthree\n' });
    expect(counted.body).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^\s*3\s*$/) });
  });

  it("cuts each stream at EXEC_OUTPUT_MAX_BYTES and says so, letting the command finish", async () => {
    const flood = await exec({ command: ['sh', '-c', 'head -c 3000000 /dev/zero | tr "\\0" x; echo done >&2'] });
    expect(flood.status).toBe(200);
    expect(flood.body.stdout.length).toBe(OUTPUT_LIMIT);
    expect(flood.body.stdout).toMatch(/^x+$/);
    expect(flood.body).toMatchObject({ exitCode: 0, stderr: 'done\n', truncated: true, timedOut: false });
  });

  it('kills the whole command after its timeout, inside the container too: nothing of it is left running', async () => {
    const started = Date.now();
    const slow = await exec({
      command: ['sh', '-c', 'sleep 301 & setsid sleep 302 & (sleep 303 &) ; echo started; sleep 304'],
      timeoutSeconds: 1,
    });
    expect(slow.status).toBe(200);
    expect(slow.body).toMatchObject({ exitCode: null, timedOut: true, stdout: 'started\n' });
    expect(Date.now() - started).toBeLessThan(10_000);

    const processes = await exec({ command: ['ps'] });
    expect(processes.body.exitCode).toBe(0);
    expect(processes.body.stdout).toContain('ps');
    expect(processes.body.stdout).not.toMatch(/sleep 30[1-4]/);
  });

  it('answers at once when the command exits, even if it left a background process holding its output', async () => {
    const quick = await exec({ command: ['sh', '-c', 'sleep 305 & echo bye'], timeoutSeconds: 20 });
    expect(quick.body).toMatchObject({ exitCode: 0, stdout: 'bye\n', timedOut: false });
    expect(quick.body.durationMs).toBeLessThan(5000);
    await exec({ command: ['pkill', '-f', 'sleep 305'] });
  });

  it('refuses an instance that is not running (409), an unknown one (404) and bad requests (400)', async () => {
    const stopped = await exec({ command: ['true'] }, 'idle1');
    expect(stopped.status).toBe(409);
    expect(stopped.body.message).toBe('Instance "idle1" is not running: start it first');
    expect((await exec({ command: ['true'] }, 'ghost')).status).toBe(404);

    const refusals: Array<[unknown, string]> = [
      [{}, 'command must'],
      [{ command: [] }, 'command must name a program'],
      [{ command: 'ls -l' }, 'command must be an array'],
      [{ command: [''] }, 'command must start with the program'],
      [{ command: ['echo', 'a\u0000b'] }, 'NUL'],
      [{ command: ['x'.repeat(4097)] }, 'at most 4096 characters'],
      [{ command: Array(65).fill('x') }, 'at most 64 items'],
      [{ command: ['pwd'], cwd: 'tmp' }, 'cwd must be an absolute path'],
      [{ command: ['env'], env: { '1BAD': 'x' } }, 'env names must be letters'],
      [{ command: ['env'], env: { GOOD: 1 } }, 'env values must be strings'],
      [{ command: ['env'], env: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`V${i}`, 'x'])) }, 'at most 32 variables'],
      [{ command: ['true'], timeoutSeconds: 601 }, 'timeoutSeconds must be at most 600'],
      [{ command: ['true'], timeoutSeconds: 0 }, 'timeoutSeconds must be at least 1'],
      [{ command: ['true'], shell: true }, 'property shell should not exist'],
    ];
    for (const [body, words] of refusals) {
      const refused = await exec(body);
      expect(refused.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(refused.body.message).toContain(words);
    }
  });

  it('accepts a stdin of 1 MiB and refuses a larger one', async () => {
    const big = 'y'.repeat(1024 * 1024);
    const counted = await exec({ command: ['wc', '-c'], stdin: big });
    expect(counted.status).toBe(200);
    expect(counted.body.stdout.trim()).toBe(String(big.length));
    const tooBig = await exec({ command: ['wc', '-c'], stdin: `${big}y` });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toContain('stdin may be at most 1 MiB');
  });
});
