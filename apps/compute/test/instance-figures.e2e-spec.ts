import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

interface ListedInstance {
  name: string;
  state: string;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

describeWithLxc('CPU and memory per instance from its cgroup (GET /instances)', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  const listed = async (name: string) => ((await node.call('GET', '/instances')).body as ListedInstance[]).find((instance) => instance.name === name)!;
  const eventually = async (what: string, probe: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, SAMPLE_INTERVAL_MS: 200 });
    expect((await node.call('POST', '/instances', { name: 'busy1', start: true })).status).toBe(201);
    expect((await node.call('POST', '/instances', { name: 'still1' })).status).toBe(201);
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('shows the CPU a busy instance uses and its memory, and nulls for a stopped one', async () => {
    await eventually('the memory of busy1', async () => ((await listed('busy1')).memoryBytes ?? 0) > 0);
    const idle = await listed('busy1');
    expect(idle.cpuPercent).toBeLessThan(20);

    const spin = await node.call('POST', '/instances/busy1/exec', { command: ['sh', '-c', '(while :; do :; done) & echo spinning'] });
    expect(spin.body).toMatchObject({ exitCode: 0, stdout: 'spinning\n' });
    // One core of the board busy: 100 % divided by the number of cores, less whatever the sampling misses.
    await eventually('the busy loop in cpuPercent', async () => ((await listed('busy1')).cpuPercent ?? 0) > 20);
    expect((await listed('still1'))).toMatchObject({ state: 'STOPPED', cpuPercent: null, memoryBytes: null });

    await node.call('POST', '/instances/busy1/exec', { command: ['pkill', '-f', 'while'] });
    await node.call('POST', '/instances/busy1', { action: 'stop', force: true });
    await eventually('nulls once busy1 stopped', async () => {
      const stopped = await listed('busy1');
      return stopped.cpuPercent === null && stopped.memoryBytes === null;
    });
  });
});
