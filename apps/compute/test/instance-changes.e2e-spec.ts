import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, type ComputeTestApp } from './compute-test-app.js';

interface Answer {
  status: number;
  body: any;
}

describeWithLxc('compute API while changes are in progress, on real LXC', () => {
  // Per-container cgroups are named after the container alone: unique names across test runs on one machine.
  const suffix = randomBytes(3).toString('hex');
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    // Re-read as often as allowed, so the list is re-read from LXC while a create runs.
    node = await startComputeTestApp({ LXC_PATH: lxcPath, INVENTORY_INTERVAL_MS: 500 });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  /**
   * Sends a create and waits until a read of the name answers 409, i.e. the
   * create holds the instance's lock; a create that finished before that is
   * deleted and tried again under another name.
   */
  async function createInProgress(): Promise<{ name: string; created: Promise<Answer>; conflict: Answer }> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const name = `ch${suffix}-${attempt}`;
      let finished = false;
      const created = node.call('POST', '/instances', { name }).finally(() => (finished = true));
      while (!finished) {
        const read = await node.call('GET', `/instances/${name}`);
        if (read.status === 409) return { name, created, conflict: read };
      }
      expect((await created).status).toBe(201);
      expect((await node.call('DELETE', `/instances/${name}?force=true`)).status).toBe(204);
    }
    throw new Error('every create finished before a read could see it in progress');
  }

  it('hides an instance being created, answers reads of it with 409, and settled reads and starts once it exists', async () => {
    const { name, created, conflict } = await createInProgress();
    expect(conflict.body).toEqual({ statusCode: 409, error: 'Conflict', message: `Instance "${name}" is being created` });

    const order: string[] = [];
    // The lists answered while the create ran (one answered after it may show the new instance).
    const lists: Answer[] = [];
    let creating = true;
    void created.finally(() => (creating = false));
    const watching = (async () => {
      while (creating) {
        const list = await node.call('GET', '/instances');
        if (creating) lists.push(list);
      }
    })();
    const settled = node.call('GET', `/instances/${name}?settled=true`).finally(() => order.push('settled read'));
    const started = node.call('POST', `/instances/${name}`, { action: 'start' }).finally(() => order.push('start'));
    const createdAnswer = await created.finally(() => order.push('create'));
    await watching;

    expect(createdAnswer.status).toBe(201);
    const settledAnswer = await settled;
    expect(settledAnswer.status).toBe(200);
    expect(settledAnswer.body).toMatchObject({ id: name, name });
    const startedAnswer = await started;
    expect(startedAnswer.status).toBe(200);
    expect(startedAnswer.body).toMatchObject({ id: name, state: 'RUNNING', pid: expect.any(Number) });
    expect(order[0]).toBe('create');
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.body.map((instance: { name: string }) => instance.name)).not.toContain(name);
    }
    expect((await node.call('GET', '/instances')).body).toContainEqual(expect.objectContaining({ name, state: 'RUNNING' }));

    expect((await node.call('DELETE', `/instances/${name}?force=true`)).status).toBe(204);
    const gone = await node.call('GET', `/instances/${name}?settled=true`);
    expect(gone.status).toBe(404);
  });

  it('answers a read of an instance with nothing in progress at once, settled or not', async () => {
    const name = `ch${suffix}-calm`;
    expect((await node.call('POST', '/instances', { name })).status).toBe(201);

    expect(await node.call('GET', `/instances/${name}?settled=true`)).toMatchObject({ status: 200, body: { state: 'STOPPED' } });
    expect(await node.call('GET', `/instances/${name}?settled=false`)).toMatchObject({ status: 200, body: { state: 'STOPPED' } });
    expect(await node.call('GET', `/instances/${name}?settled=soon`)).toMatchObject({
      status: 400,
      body: { message: 'settled must be true or false' },
    });
    expect((await node.call('DELETE', `/instances/${name}`)).status).toBe(204);
  });

  it('answers a failure of an LXC tool it does not know with a 500 carrying the tool output, never a stack', async () => {
    const name = `ch${suffix}-nobr`;
    expect((await node.call('POST', '/instances', { name })).status).toBe(201);
    const config = join(lxcPath, name, 'config');
    await writeFile(config, (await readFile(config, 'utf8')).replace(/^lxc\.net\.0\.link = .*$/m, 'lxc.net.0.link = tsnobridge0'));

    const start = await node.call('POST', `/instances/${name}`, { action: 'start' });

    expect(start.status).toBe(500);
    expect(start.body).toMatchObject({ statusCode: 500, error: 'Internal Server Error' });
    expect(start.body.message).toMatch(new RegExp(`^lxc-start could not start "${name}" \\(exit 1\\): \\S`));
    expect(start.body.message).not.toMatch(/\n\s+at /);
    expect(Object.keys(start.body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect((await node.call('GET', `/instances/${name}`)).body.state).toBe('STOPPED');
    expect((await node.call('DELETE', `/instances/${name}`)).status).toBe(204);
  });
});
