import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, makeTestImage, removeLxcPath, type TestImage } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient } from './accounts.js';
import { EventStreamClient } from './event-stream-client.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from './cluster.js';
import { change, finished, type ManagerApi } from './operations.js';
import { builtApp, type SpawnedApp } from './spawned-app.js';

const MARKER = 'made-by-the-images-test-7c1f';
const PUBLISHED_MARKER = 'published-from-alpha-3b9e';

/** The tarball as bytes are sent to /api/images/import: the raw body, application/octet-stream. */
async function importTarball(baseUrl: string, query: string, file: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/api/images/import?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MANAGER_TOKEN}`, 'content-type': 'application/octet-stream' },
    body: readFileSync(file),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: await response.json() };
}

/** The CLI from dist, against this manager with the admin token; its exit code and output. */
async function cli(baseUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [builtApp('cli'), ...args],
      { env: { ...process.env, TINYSTACK_URL: baseUrl, TINYSTACK_TOKEN: MANAGER_TOKEN, HOME: '/nonexistent' }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function statSize(file: string): number {
  return statSync(file).size;
}

async function catMarker(api: ManagerApi, nodeId: string, name: string, path = '/root/marker.txt'): Promise<string> {
  const ran = await api('POST', `/api/nodes/${nodeId}/instances/${name}/exec`, { command: ['cat', path] });
  expect(ran.status, JSON.stringify(ran.body)).toBe(200);
  return ran.body.stdout;
}

describeWithLxc('images through the manager: import, publish, create on another node, cache, corruption, architecture, batch, snapshots (real LXC)', () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  let alpha: SpawnedApp;
  let beta: SpawnedApp;
  let manager: SpawnedApp;
  let api: ManagerApi;
  let alphaId: string;
  let betaId: string;
  let dataDir: string;
  let tarball: string;
  const images: TestImage[] = [];
  /** A test image of the shared kit (a busybox rootfs with a marker), removed after the suite. */
  const testImage = async (markerContent: string) => {
    const image = await makeTestImage({ markerContent });
    images.push(image);
    return image;
  };

  beforeAll(async () => {
    lxcPaths.push(await createTemporaryLxcPath(), await createTemporaryLxcPath());
    alpha = await computeNodeProcess('alpha', lxcPaths[0]!, scratch);
    beta = await computeNodeProcess('beta', lxcPaths[1]!, scratch);
    const directory = scratchDirectory('images-manager');
    scratch.push(directory);
    dataDir = join(directory, 'data');
    manager = await managerProcess(directory, { env: { IMAGE_MAX_MIB: '64' } });
    await Promise.all([alpha.start(), beta.start(), manager.start()]);
    api = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    for (const [node, name] of [[alpha, 'alpha'], [beta, 'beta']] as const) {
      const registered = await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      if (name === 'alpha') alphaId = registered.body.id;
      else betaId = registered.body.id;
    }
    // The tarball to import: a busybox root filesystem with a marker file (the lxc-driver test kit's).
    tarball = (await testImage(MARKER)).path;
    // The instance to publish from, with a marker of its own.
    expect(await change(api, 'POST', '/api/instances', { name: 'master', nodeId: alphaId })).toMatchObject({ status: 'succeeded' });
    mkdirSync(join(lxcPaths[0]!, 'master', 'rootfs', 'root'), { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([manager, alpha, beta].filter(Boolean).map((app) => app.stop()));
    for (const path of lxcPaths) await removeLxcPath(path);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
    for (const image of images) await image.remove();
  });

  it('imports a tarball: hashed, listed, 400 for a bad name or architecture, 409 for a taken name', async () => {
    const imported = await importTarball(manager.baseUrl, 'name=lab1&architecture=amd64&description=busybox%20with%20a%20marker', tarball);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const bytes = readFileSync(tarball);
    expect(imported.body).toMatchObject({
      name: 'lab1',
      architecture: 'amd64',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      source: 'upload',
      createdBy: 'admin token',
    });
    expect(readdirSync(join(dataDir, 'images'))).toContain(`${imported.body.sha256}.tar`);
    const listed = await api('GET', '/api/images');
    expect(listed.body.map((image: { name: string }) => image.name)).toEqual(['lab1']);
    expect((await importTarball(manager.baseUrl, 'name=lab1&architecture=amd64', tarball)).status).toBe(409);
    const badName = await importTarball(manager.baseUrl, 'name=-bad&architecture=amd64', tarball);
    expect(badName.status).toBe(400);
    expect(badName.body.message).toContain('name must be');
    const badArch = await importTarball(manager.baseUrl, 'name=lab9&architecture=sparc', tarball);
    expect(badArch.status).toBe(400);
    expect(badArch.body.message).toContain('architecture must be one of');
  });

  it('creates from the image on a node that lacks it (sent, with progress), reads the marker; the second create there sends nothing', async () => {
    const first = await change(api, 'POST', '/api/instances', { name: 'copy1', image: 'lab1', nodeId: betaId, start: true });
    expect(first, JSON.stringify(first)).toMatchObject({ status: 'succeeded', image: 'lab1', nodeName: 'beta' });
    expect(first.progress).toMatchObject({ percent: 100, nodeName: 'beta' });
    expect(first.progress.totalBytes).toBe(readFileSync(tarball).length);
    expect(await catMarker(api, betaId, 'copy1')).toBe(MARKER);
    const second = await change(api, 'POST', '/api/instances', { name: 'copy2', image: 'lab1', nodeId: betaId, start: true });
    expect(second.status).toBe('succeeded');
    expect(second.progress.phase).toContain('already');
    const log = await api('GET', '/api/events/log?limit=50');
    const created = log.body.events.filter((entry: { action: string }) => entry.action === 'instance-created').map((entry: { message: string }) => entry.message);
    expect(created.find((message: string) => message.includes('"copy1"'))).toContain('sent the image');
    expect(created.find((message: string) => message.includes('"copy2"'))).toContain('the node had the image');
  }, 180_000);

  it('publishes a stopped instance from one node and creates from it on the other; a running one is refused with the node\'s 409', async () => {
    writeFileSync(join(lxcPaths[0]!, 'master', 'rootfs', 'root', 'published.txt'), PUBLISHED_MARKER);
    expect(await change(api, 'POST', `/api/nodes/${alphaId}/instances/master`, { action: 'start' })).toMatchObject({ status: 'succeeded' });
    const refused = await change(api, 'POST', '/api/images', { name: 'lab2', fromInstance: { nodeId: alphaId, name: 'master' } });
    expect(refused.status).toBe('failed');
    expect(refused.error.statusCode).toBe(409);
    expect(refused.error.message).toContain('Node "alpha"');
    expect(await change(api, 'POST', `/api/nodes/${alphaId}/instances/master`, { action: 'stop', force: true })).toMatchObject({ status: 'succeeded' });
    const published = await change(api, 'POST', '/api/images', { name: 'lab2', fromInstance: { nodeId: alphaId, name: 'master' } });
    expect(published, JSON.stringify(published)).toMatchObject({ status: 'succeeded', action: 'publish', image: 'lab2' });
    const image = (await api('GET', '/api/images/lab2')).body;
    expect(image).toMatchObject({ architecture: 'amd64', source: 'instance:alpha/master' });
    expect(published.progress.bytes).toBe(image.sizeBytes);
    const copy = await change(api, 'POST', '/api/instances', { name: 'pub1', image: 'lab2', nodeId: betaId, start: true });
    expect(copy.status, JSON.stringify(copy)).toBe('succeeded');
    expect(await catMarker(api, betaId, 'pub1', '/root/published.txt')).toBe(PUBLISHED_MARKER);
  }, 180_000);

  it('detects a corrupted transfer, sends it again once from zero, and fails saying so; the good file then goes through', async () => {
    const image = (await api('GET', '/api/images/lab2')).body;
    const file = join(dataDir, 'images', `${image.sha256}.tar`);
    const original = readFileSync(file);
    // One byte flipped in the library's copy: every transfer of it arrives corrupted on the node.
    const descriptor = openSync(file, 'r+');
    writeSync(descriptor, Buffer.from([original[1000]! ^ 0xff]), 0, 1, 1000);
    closeSync(descriptor);
    const broken = await change(api, 'POST', '/api/instances', { name: 'bad1', image: 'lab2', nodeId: alphaId });
    expect(broken.status).toBe('failed');
    expect(broken.error.statusCode).toBe(422);
    expect(broken.error.message).toContain('corrupted');
    expect(broken.error.message).toContain('sent again from zero');
    writeFileSync(file, original);
    const good = await change(api, 'POST', '/api/instances', { name: 'good1', image: 'lab2', nodeId: alphaId });
    expect(good.status, JSON.stringify(good)).toBe('succeeded');
  }, 180_000);

  it('resumes a partial copy the node holds from where it stopped', async () => {
    const variant = (await testImage('a marker only the resumed image has')).path;
    const image = (await importTarball(manager.baseUrl, 'name=resumeme&architecture=amd64', variant)).body;
    // Half the bytes sent straight to the node, as a transfer cut off halfway leaves them.
    const half = readFileSync(variant).subarray(0, Math.floor(image.sizeBytes / 2));
    const partial = await fetch(`${beta.baseUrl}/images/${image.sha256}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${COMPUTE_TOKEN}`,
        'content-type': 'application/octet-stream',
        'x-image-name': 'resumeme',
        'x-image-architecture': 'amd64',
        'x-image-size': String(image.sizeBytes),
      },
      body: half,
      signal: AbortSignal.timeout(30_000),
    });
    expect(partial.status).toBe(200);
    expect(await partial.json()).toMatchObject({ state: 'partial', receivedBytes: half.length });
    const created = await change(api, 'POST', '/api/instances', { name: 'resumed1', image: 'resumeme', nodeId: betaId, start: true });
    expect(created.status, JSON.stringify(created)).toBe('succeeded');
    expect(created.progress.phase).toContain(`resumed at ${half.length} bytes`);
    const log = (await api('GET', '/api/events/log?limit=20')).body.events.find((entry: { message: string }) => entry.message.includes('"resumed1"'));
    expect(log.message).toContain(`sent the image (${image.sizeBytes - half.length} bytes, resumed)`);
    expect(await catMarker(api, betaId, 'resumed1')).toBe('a marker only the resumed image has');
    // Stopped again: the batch below is placed by load, and the two nodes should run alike.
    expect(await change(api, 'POST', `/api/nodes/${betaId}/instances/resumed1`, { action: 'stop', force: true })).toMatchObject({ status: 'succeeded' });
  }, 120_000);

  it('refuses an arm64 image on x86 nodes, with the architecture named', async () => {
    const both = await api('POST', '/api/instances', { name: 'both1', image: 'lab1', template: 'busybox' });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain('Give image or template, not both');
    expect((await importTarball(manager.baseUrl, 'name=armlab&architecture=arm64', tarball)).status).toBe(201);
    const placed = await api('POST', '/api/instances', { name: 'arm1', image: 'armlab' });
    expect(placed.status).toBe(422);
    expect(placed.body.message).toContain('No board runs arm64');
    const named = await api('POST', '/api/instances', { name: 'arm1', image: 'armlab', nodeId: betaId });
    expect(named.status).toBe(422);
    expect(named.body.message).toContain('node "beta" is amd64');
  });

  it('refuses to delete an image while a create from it runs, with the reason; deletes it after', async () => {
    const creating = await api('POST', '/api/instances', { name: 'busy2', image: 'lab1', nodeId: alphaId });
    expect(creating.status).toBe(202);
    const refused = await api('DELETE', '/api/images/lab1');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('creating "busy2"');
    expect((await finished(api, creating)).status).toBe('succeeded');
    expect((await api('DELETE', '/api/images/armlab')).status).toBe(204);
    expect((await api('GET', '/api/images/armlab')).status).toBe(404);
  }, 120_000);

  it('creates a batch of 6 from an image as one operation, spread over the two nodes', async () => {
    const batch = await change(api, 'POST', '/api/instances/batch', { image: 'lab1', namePattern: 'web-{n}', count: 6 });
    expect(batch, JSON.stringify(batch)).toMatchObject({ status: 'succeeded', action: 'batch', nodeId: null });
    expect(batch.results.map((result: { name: string }) => result.name)).toEqual(['web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6']);
    const perNode = new Map<string, number>();
    for (const result of batch.results) perNode.set(result.nodeName, (perNode.get(result.nodeName) ?? 0) + 1);
    expect([...perNode.keys()].sort()).toEqual(['alpha', 'beta']);
    expect(Math.min(...perNode.values())).toBeGreaterThanOrEqual(2);
    const listed = (await api('GET', '/api/instances')).body.filter((instance: { name: string }) => instance.name.startsWith('web-'));
    expect(listed).toHaveLength(6);
  }, 240_000);

  it('snapshots, loses the marker, restores (stopping first) and has it back, through the manager', async () => {
    const base = `/api/nodes/${betaId}/instances/copy1`;
    // The node snapshots stopped instances only (its 409 says so, through the manager).
    const running = await api('POST', `${base}/snapshots`, { name: 'clean' });
    expect(running.status).toBe(409);
    expect(running.body.message).toContain('Node "beta"');
    expect(await change(api, 'POST', base, { action: 'stop', force: true })).toMatchObject({ status: 'succeeded' });
    const taken = await api('POST', `${base}/snapshots`, { name: 'clean' });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.name).toBe('clean');
    expect(await change(api, 'POST', base, { action: 'start' })).toMatchObject({ status: 'succeeded' });
    const removed = await api('POST', `${base}/exec`, { command: ['rm', '/root/marker.txt'] });
    expect(removed.body.exitCode).toBe(0);
    const gone = await api('POST', `${base}/exec`, { command: ['cat', '/root/marker.txt'] });
    expect(gone.body.exitCode).not.toBe(0);
    expect((await api('POST', `${base}/snapshots/clean/restore`, {})).status).toBe(409);
    const restored = await api('POST', `${base}/snapshots/clean/restore`, { stopFirst: true });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ name: 'copy1', nodeName: 'beta', state: 'RUNNING' });
    // At once: the node answers the restore once the instance takes commands.
    const marker = await api('POST', `${base}/exec`, { command: ['cat', '/root/marker.txt'] });
    expect(marker.status, JSON.stringify(marker.body)).toBe(200);
    expect(marker.body.stdout).toBe(MARKER);
    const listed = await api('GET', `${base}/snapshots`);
    expect(listed.body.map((snapshot: { name: string }) => snapshot.name)).toEqual(['clean']);
    expect((await api('DELETE', `${base}/snapshots/clean`)).status).toBe(204);
    const log = (await api('GET', '/api/events/log?limit=30')).body.events.map((entry: { action: string }) => entry.action);
    expect(log).toEqual(expect.arrayContaining(['snapshot-created', 'snapshot-restored', 'snapshot-deleted']));
  }, 180_000);

  it('does it from the CLI: image import (streamed), images, create --image with a memory limit, snapshot, snapshots, restore', async () => {
    const imported = await cli(manager.baseUrl, ['image', 'import', tarball, '--name', 'cli1', '--description', 'from the CLI']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported cli1: amd64, .*sha256 [0-9a-f]{64}\./);
    const listed = await cli(manager.baseUrl, ['images', '--json']);
    expect(JSON.parse(listed.stdout).map((image: { name: string }) => image.name)).toContain('cli1');
    const created = await cli(manager.baseUrl, ['create', 'clicopy', '--image', 'cli1', '--node', 'alpha', '--memory', '64', '--autostart']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created clicopy on alpha');
    expect(created.stdout).toContain('memory 64 MiB');
    const shown = (await api('GET', `/api/nodes/${alphaId}/instances/clicopy`)).body;
    expect(shown).toMatchObject({ autostart: true, limits: { memoryMiB: 64 } });
    expect((await cli(manager.baseUrl, ['snapshot', 'clicopy', 'first'])).code).toBe(0);
    const snapshots = await cli(manager.baseUrl, ['snapshots', 'clicopy']);
    expect(snapshots.stdout).toMatch(/^first +/m);
    const restored = await cli(manager.baseUrl, ['restore', 'clicopy', 'first']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('Restored clicopy on alpha to first: STOPPED.');
    const refused = await cli(manager.baseUrl, ['image', 'import', tarball, '--name', 'cli1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('An image named "cli1" already exists');
  }, 180_000);

  it('warms an image on every node that lacks it, one result per node, its progress on the event stream', async () => {
    const variant = (await testImage('a marker only the warmed image has')).path;
    expect((await importTarball(manager.baseUrl, 'name=warmme&architecture=amd64', variant)).status).toBe(201);
    const stream = await EventStreamClient.connect(`${manager.baseUrl}/api/events`, { authorization: `Bearer ${MANAGER_TOKEN}` });
    try {
      const warmed = await change(api, 'POST', '/api/images/warmme/warm');
      expect(warmed, JSON.stringify(warmed)).toMatchObject({ status: 'succeeded', action: 'warm', image: 'warmme', nodeId: null });
      expect(warmed.results.map((result: { name: string; message: string }) => [result.name, result.message.startsWith('sent')])).toEqual([
        ['alpha', true],
        ['beta', true],
      ]);
      const again = await change(api, 'POST', '/api/images/warmme/warm');
      expect(again.results.map((result: { message: string }) => result.message)).toEqual(['already there', 'already there']);
      const progress = stream.messages
        .filter((event) => event.type === 'operation' && event.operation.id === warmed.id && event.operation.progress)
        .map((event) => event.operation.progress);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatchObject({ percent: 100, totalBytes: 2 * statSize(variant) });
    } finally {
      await stream.close();
    }
  }, 120_000);

  it('lets a member list images and create from them within a memory quota, never import, publish or delete', async () => {
    const users = await api('POST', '/api/users/batch', { usernames: ['dana'] });
    expect(users.status, JSON.stringify(users.body)).toBe(201);
    const dana = new CookieClient(manager.baseUrl);
    const once = users.body[0].oneTimePassword as string;
    await dana.signIn('dana', once);
    expect((await dana.call('PUT', '/api/me/password', { currentPassword: once, newPassword: 'dana-learns-images-1' })).status).toBe(200);
    expect((await api('PUT', `/api/users/${users.body[0].id}`, { quota: { memoryMiB: 96 } })).status).toBe(200);
    expect((await dana.call('GET', '/api/images')).status).toBe(200);
    const imported = await dana.call('POST', '/api/images/import?name=mine&architecture=amd64');
    expect(imported.status).toBe(403);
    expect(imported.body.message).toContain('Only a teacher (admin) can import images');
    expect((await dana.call('DELETE', '/api/images/lab1')).status).toBe(403);
    expect((await dana.call('POST', '/api/images', { name: 'x1', fromInstance: { nodeId: alphaId, name: 'master' } })).status).toBe(403);
    const unlimited = await dana.call('POST', '/api/instances', { name: 'dana1', image: 'lab1' });
    expect(unlimited.status).toBe(403);
    expect(unlimited.body.message).toContain('give the instance a memory limit');
    expect((await finished(dana.api, await dana.call('POST', '/api/instances', { name: 'dana1', image: 'lab1', limits: { memoryMiB: 64 } }))).status).toBe('succeeded');
    const over = await dana.call('POST', '/api/instances', { name: 'dana2', image: 'lab1', limits: { memoryMiB: 64 } });
    expect(over.status).toBe(403);
    expect(over.body.message).toContain('memory limits come to 64 of 96 MiB');
    const raised = await dana.call('PATCH', `/api/nodes/${(await dana.call('GET', '/api/instances')).body[0].nodeId}/instances/dana1`, { limits: { memoryMiB: 128 } });
    expect(raised.status).toBe(403);
    const lowered = await dana.call('PATCH', `/api/nodes/${(await dana.call('GET', '/api/instances')).body[0].nodeId}/instances/dana1`, { limits: { memoryMiB: 32 }, autostart: true });
    expect(lowered.status, JSON.stringify(lowered.body)).toBe(200);
    expect(lowered.body).toMatchObject({ name: 'dana1', owner: 'dana', autostart: true, limits: { memoryMiB: 32 } });
  }, 120_000);
});
