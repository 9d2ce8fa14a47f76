import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { waitFor } from '../../manager/test/wait-for.js';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

const run = promisify(execFile);

describeWithLxc('changes made with the LXC tools, outside the API, on real LXC', () => {
  const suffix = randomBytes(3).toString('hex');
  const name = `out${suffix}`;
  let lxcPath: string;
  let node: ComputeTestApp;
  const lxc = (tool: string, ...args: string[]) => run(tool, ['-P', lxcPath, '-n', name, ...args], { timeout: 60_000 });

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, INVENTORY_INTERVAL_MS: 1000, LED_ENABLED: false });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  /** The instance as the node lists it, once it matches (a few re-reads at most). */
  const listed = (what: string, matches: (instance: { state: string; ipv4: string[] } | undefined) => boolean) =>
    waitFor(`the node to list ${what}`, 15_000, async () => {
      const instances = (await node.call('GET', '/instances')).body as Array<{ name: string; state: string; ipv4: string[] }>;
      const instance = instances.find((candidate) => candidate.name === name);
      return matches(instance) ? (instance ?? null) : undefined;
    });

  it('lists a container created, started, stopped and destroyed in a shell, and counts it in /usage and on the LED', async () => {
    await lxc('lxc-create', '-t', 'busybox');
    await listed('the new container', (instance) => instance?.state === 'STOPPED');

    await lxc('lxc-start');
    await listed('it running', (instance) => instance?.state === 'RUNNING');
    expect((await node.call('GET', '/usage')).body).toMatchObject({ runningInstances: 1, totalInstances: 1 });
    await waitFor('the containers row to show it', 5000, async () => ((await node.call('GET', '/led')).body.rows[0] === 0b1 ? true : undefined));
    // Its address comes with its DHCP lease, after the start: the node keeps reading until it has one.
    await listed('its address', (instance) => (instance?.ipv4.length ?? 0) > 0);

    await lxc('lxc-stop', '-k');
    await listed('it stopped', (instance) => instance?.state === 'STOPPED');

    await lxc('lxc-destroy');
    await listed('it gone', (instance) => instance === undefined);
    expect((await node.call('GET', '/usage')).body).toMatchObject({ runningInstances: 0, totalInstances: 0 });
  });
});
