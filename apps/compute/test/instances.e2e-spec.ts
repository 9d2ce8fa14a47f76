import { NO_INSTANCE_LIMITS } from '@tinystack/contracts';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

describeWithLxc('compute API on real LXC containers', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('runs the whole life of an instance: create, start, inspect, stop, rename, delete', async () => {
    const created = await node.call('POST', '/instances', { name: 'life1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'life1', name: 'life1', state: 'STOPPED', pid: null });

    const listed = await node.call('GET', '/instances');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { id: 'life1', name: 'life1', state: 'STOPPED', ipv4: [], limits: NO_INSTANCE_LIMITS, autostart: false, cpuPercent: null, memoryBytes: null },
    ]);

    const started = await node.call('POST', '/instances/life1', { action: 'start' });
    expect(started.status).toBe(200);
    expect(started.body.state).toBe('RUNNING');
    expect(started.body.pid).toBeGreaterThan(0);

    const again = await node.call('POST', '/instances/life1', { action: 'start' });
    expect(again.status).toBe(200);
    expect(again.body.pid).toBe(started.body.pid);

    const details = await node.call('GET', '/instances/life1');
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ id: 'life1', state: 'RUNNING', pid: started.body.pid });
    expect(Object.keys(details.body).sort()).toEqual(
      ['autostart', 'blkioBytes', 'cpuTimeNs', 'id', 'ipv4', 'limits', 'memoryBytes', 'name', 'networkRxBytes', 'networkTxBytes', 'pid', 'state'].sort(),
    );

    const usage = await node.call('GET', '/usage');
    expect(usage.body).toMatchObject({ runningInstances: 1, totalInstances: 1 });

    const renameRunning = await node.call('PUT', '/instances/life1', { name: 'life2' });
    expect(renameRunning.status).toBe(409);
    expect(renameRunning.body.message).toMatch(/running.*stop it/);

    const deleteRunning = await node.call('DELETE', '/instances/life1');
    expect(deleteRunning.status).toBe(409);
    expect(deleteRunning.body.message).toMatch(/running/);

    const stopped = await node.call('POST', '/instances/life1', { action: 'stop', timeoutSeconds: 2 });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ state: 'STOPPED', pid: null });

    const stoppedAgain = await node.call('POST', '/instances/life1', { action: 'stop' });
    expect(stoppedAgain.status).toBe(200);
    expect(stoppedAgain.body.state).toBe('STOPPED');

    const renamed = await node.call('PUT', '/instances/life1', { name: 'life2' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: 'life2', name: 'life2', state: 'STOPPED' });
    expect((await node.call('GET', '/instances/life1')).status).toBe(404);

    const deleted = await node.call('DELETE', '/instances/life2');
    expect(deleted.status).toBe(204);
    expect((await node.call('GET', '/instances/life2')).status).toBe(404);
    expect((await node.call('GET', '/instances')).body).toEqual([]);
    expect((await node.call('GET', '/usage')).body).toMatchObject({ runningInstances: 0, totalInstances: 0 });
  });

  it('creates and starts in one request, and deletes a running instance only with force=true', async () => {
    const created = await node.call('POST', '/instances', { name: 'quick1', start: true });
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('RUNNING');

    const restarted = await node.call('POST', '/instances/quick1', { action: 'restart', force: true });
    expect(restarted.status).toBe(200);
    expect(restarted.body.state).toBe('RUNNING');
    expect(restarted.body.pid).not.toBe(created.body.pid);

    expect((await node.call('DELETE', '/instances/quick1?force=maybe')).status).toBe(400);
    expect((await node.call('DELETE', '/instances/quick1?force=true')).status).toBe(204);
    expect((await node.call('GET', '/instances/quick1')).status).toBe(404);
  });

  it('answers 409 to a taken name, whether created one after the other or at the same time', async () => {
    const [first, second] = await Promise.all([
      node.call('POST', '/instances', { name: 'twin' }),
      node.call('POST', '/instances', { name: 'twin' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const conflict = first.status === 409 ? first : second;
    expect(conflict.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'An instance named "twin" already exists',
    });

    expect((await node.call('POST', '/instances', { name: 'twin' })).status).toBe(409);

    expect((await node.call('POST', '/instances', { name: 'other' })).status).toBe(201);
    const renameOntoTaken = await node.call('PUT', '/instances/other', { name: 'twin' });
    expect(renameOntoTaken.status).toBe(409);
    expect(renameOntoTaken.body.message).toContain('"twin" already exists');

    expect((await node.call('DELETE', '/instances/twin')).status).toBe(204);
    expect((await node.call('DELETE', '/instances/other')).status).toBe(204);
  });

  it('answers 404 for every operation on an unknown instance', async () => {
    const answers = await Promise.all([
      node.call('GET', '/instances/ghost'),
      node.call('POST', '/instances/ghost', { action: 'start' }),
      node.call('PUT', '/instances/ghost', { name: 'spirit' }),
      node.call('DELETE', '/instances/ghost'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.message).toBe('Instance "ghost" does not exist');
    }
  });
});
