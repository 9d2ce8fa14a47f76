import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { debianArchitecture } from '@tinystack/contracts';
import { createTemporaryLxcPath, describeWithLxc, makeTestImage, removeLxcPath, type TestImage } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, TEST_TOKEN, type ComputeTestApp } from './compute-test-app.js';

interface PutOptions {
  name?: string;
  architecture?: string;
  sizeBytes?: number;
  contentRange?: string;
}

/** A real HTTP PUT of a body (a stream of the tarball, or bytes) to the node, as the manager sends one. */
function putImage(node: ComputeTestApp, sha256: string, body: Readable | Buffer, options: PutOptions & { sizeBytes: number }): Promise<{ status: number; body: any }> {
  const url = new URL(`/images/${sha256}`, node.baseUrl);
  const length = Buffer.isBuffer(body) ? body.length : undefined;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${TEST_TOKEN}`,
          'content-type': 'application/octet-stream',
          'x-image-name': options.name ?? 'lab1',
          'x-image-architecture': options.architecture ?? debianArchitecture(process.arch)!,
          'x-image-size': String(options.sizeBytes),
          ...(options.contentRange ? { 'content-range': options.contentRange } : {}),
          ...(length !== undefined ? { 'content-length': String(length) } : {}),
        },
        timeout: 60_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 60 s')));
    // A refusal before the body is read closes the connection: the answer is what counts.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (Buffer.isBuffer(body)) request.end(body);
    else body.pipe(request);
  });
}

/** Containers' cgroups are named after the container alone: names unique across suites running at once. */
const SUFFIX = randomBytes(3).toString('hex');

const otherArchitecture = debianArchitecture(process.arch) === 'arm64' ? 'amd64' : 'arm64';

describeWithLxc('the image cache of a compute node, and instances created from it (real LXC)', () => {
  let lxcPath: string;
  let node: ComputeTestApp;
  let image: TestImage;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath('images-');
    node = await startComputeTestApp({ LXC_PATH: lxcPath });
    image = await makeTestImage({ markerContent: `lab marker ${randomBytes(4).toString('hex')}\n` });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
    await image?.remove();
  });

  it('refuses an image for another architecture before reading its body', async () => {
    const answer = await putImage(node, image.sha256, createReadStream(image.path), { architecture: otherArchitecture, sizeBytes: image.sizeBytes });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(new RegExp(`the image is for ${otherArchitecture} but this board is ${debianArchitecture(process.arch)}`));
    expect((await node.call('GET', `/images/${image.sha256}`)).status).toBe(404);
  });

  it('detects an image that arrived corrupted, deletes it and says so', async () => {
    const bytes = await readFile(image.path);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const answer = await putImage(node, image.sha256, bytes, { sizeBytes: bytes.length });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(new RegExp(`the image arrived corrupted: sha256 [0-9a-f]{64}, expected ${image.sha256}`));
    expect((await node.call('GET', `/images/${image.sha256}`)).status).toBe(404);
    expect((await node.call('GET', '/images')).body.usedBytes).toBe(0);
  });

  it('keeps a transfer that ended early, refuses a resume from elsewhere, and completes one from where it stopped', async () => {
    const bytes = await readFile(image.path);
    const half = Math.floor(bytes.length / 2);
    const first = await putImage(node, image.sha256, bytes.subarray(0, half), { sizeBytes: bytes.length });
    expect(first).toEqual({ status: 200, body: { sha256: image.sha256, state: 'partial', receivedBytes: half, sizeBytes: bytes.length } });
    expect((await node.call('GET', `/images/${image.sha256}`)).body).toMatchObject({ state: 'partial', receivedBytes: half });

    const wrong = await putImage(node, image.sha256, bytes.subarray(10), { sizeBytes: bytes.length, contentRange: `bytes 10-${bytes.length - 1}/${bytes.length}` });
    expect(wrong.status).toBe(416);
    expect(wrong.body.message).toContain(`receivedBytes ${half}`);

    const rest = await putImage(node, image.sha256, bytes.subarray(half), { sizeBytes: bytes.length, contentRange: `bytes ${half}-${bytes.length - 1}/${bytes.length}` });
    expect(rest).toEqual({ status: 201, body: { sha256: image.sha256, state: 'complete', receivedBytes: bytes.length, sizeBytes: bytes.length } });
  });

  it('answers a second PUT of a complete image with it, without reading the body', async () => {
    const again = await putImage(node, image.sha256, createReadStream(image.path), { sizeBytes: image.sizeBytes });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('complete');
    const listed = await node.call('GET', '/images');
    expect(listed.body).toMatchObject({ budgetBytes: 2048 * 1024 * 1024, usedBytes: image.sizeBytes });
    expect(listed.body.images).toEqual([
      { sha256: image.sha256, name: 'lab1', architecture: debianArchitecture(process.arch), sizeBytes: image.sizeBytes, lastUsedAt: expect.any(String) },
    ]);
  });

  it('creates a running instance from the cached image, the marker inside; again for a second instance', async () => {
    const before = (await node.call('GET', '/images')).body.images[0].lastUsedAt;
    const created = await node.call('POST', '/instances', { name: `lab-a-${SUFFIX}`, image: { sha256: image.sha256 }, start: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: `lab-a-${SUFFIX}`, state: 'RUNNING', autostart: false, limits: { memoryMiB: null, enforced: true } });
    const read = await node.call('POST', `/instances/lab-a-${SUFFIX}/exec`, { command: ['cat', image.marker.path] });
    expect(read.body).toMatchObject({ exitCode: 0, stdout: image.marker.content });

    const second = await node.call('POST', '/instances', { name: `lab-b-${SUFFIX}`, image: { sha256: image.sha256 } });
    expect(second.status).toBe(201);
    const after = (await node.call('GET', '/images')).body.images[0].lastUsedAt;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    expect((await node.call('DELETE', `/instances/lab-a-${SUFFIX}?force=true`)).status).toBe(204);
    expect((await node.call('DELETE', `/instances/lab-b-${SUFFIX}`)).status).toBe(204);
  });

  it('refuses a create from an image the node lacks, and from an image and a template at once', async () => {
    const missing = 'a'.repeat(64);
    const lacking = await node.call('POST', '/instances', { name: `lab-c-${SUFFIX}`, image: { sha256: missing } });
    expect(lacking.status).toBe(409);
    expect(lacking.body.message).toBe(`image ${missing} is not on this node: send it first (PUT /images/${missing})`);
    const both = await node.call('POST', '/instances', { name: `lab-c-${SUFFIX}`, image: { sha256: image.sha256 }, template: 'busybox' });
    expect(both.status).toBe(400);
    expect(both.body.message).toMatch(/either image or template/);
    const bad = await node.call('POST', '/instances', { name: `lab-c-${SUFFIX}`, image: { sha256: 'not-a-sha' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/image\.sha256 must be a sha256/);
  });

  it('refuses bad headers with what is expected, and every images call without the token', async () => {
    expect((await node.call('GET', '/images', undefined, null)).status).toBe(401);
    expect((await node.call('PUT', `/images/${image.sha256}`, undefined, null)).status).toBe(401);
    expect((await node.call('GET', `/instances/x/rootfs`, undefined, null)).status).toBe(401);
    const noName = await putImage(node, 'b'.repeat(64), Buffer.from('x'), { name: '../etc', sizeBytes: 1 });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/X-Image-Name must be an image name/);
    const badArchitecture = await putImage(node, 'b'.repeat(64), Buffer.from('x'), { architecture: 'sparc', sizeBytes: 1 });
    expect(badArchitecture.status).toBe(400);
    const tooLong = await putImage(node, 'b'.repeat(64), Buffer.from('xx'), { sizeBytes: 1 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/more than X-Image-Size/);
    expect((await node.call('GET', `/images/${'b'.repeat(64)}`)).status).toBe(404);
    expect((await node.call('GET', '/images/NOTASHA')).status).toBe(400);
  });

  it('deletes an image', async () => {
    expect((await node.call('DELETE', `/images/${image.sha256}`)).status).toBe(204);
    expect((await node.call('GET', `/images/${image.sha256}`)).status).toBe(404);
    expect((await node.call('DELETE', `/images/${image.sha256}`)).status).toBe(404);
  });
});

describeWithLxc('the image cache within its budget (least recently used evicted)', () => {
  const MIB = 1024 * 1024;
  let lxcPath: string;
  let node: ComputeTestApp;
  const images: TestImage[] = [];

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath('eviction-');
    node = await startComputeTestApp({ LXC_PATH: lxcPath, IMAGE_CACHE_MIB: 16 });
    // About 7 MiB each (busybox and 5 MiB of random bytes): two fit in 16 MiB, three do not.
    for (let index = 0; index < 3; index++) images.push(await makeTestImage({ padBytes: 5 * MIB }));
    images.push(await makeTestImage({ padBytes: 17 * MIB }));
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const image of images) await image.remove();
  });

  it('evicts the image used least recently, never the one just used, and refuses one larger than the budget', async () => {
    const [a, b, c, huge] = images as [TestImage, TestImage, TestImage, TestImage];
    const send = (image: TestImage, name: string) => putImage(node, image.sha256, createReadStream(image.path), { name, sizeBytes: image.sizeBytes });
    expect((await send(a, 'lab-a')).status).toBe(201);
    expect((await send(b, 'lab-b')).status).toBe(201);
    // a is used after b arrived: b is now the least recently used.
    expect((await node.call('POST', '/instances', { name: `from-a-${SUFFIX}`, image: { sha256: a.sha256 } })).status).toBe(201);
    expect((await send(c, 'lab-c')).status).toBe(201);
    const listed = await node.call('GET', '/images');
    expect(listed.body.images.map((image: { name: string }) => image.name)).toEqual(['lab-c', 'lab-a']);
    expect(listed.body.usedBytes).toBe(a.sizeBytes + c.sizeBytes);
    expect(listed.body.usedBytes).toBeLessThanOrEqual(16 * MIB);

    const tooLarge = await send(huge, 'lab-huge');
    expect(tooLarge.status).toBe(507);
    expect(tooLarge.body.message).toMatch(/larger than this node's image cache \(IMAGE_CACHE_MIB/);
  });
});
