import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { BadRequestException, ConflictException } from '@nestjs/common';
import { debianArchitecture } from '@tinystack/contracts';
import { ComputeSettings } from '../config/compute.settings.js';
import { ImageCache, type ImageDelivery } from './image-cache.service.js';

const ARCHITECTURE = debianArchitecture(process.arch)!;

describe('ImageCache on its folder', () => {
  let folder: string;
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const delivery = (extra: Partial<ImageDelivery> = {}): ImageDelivery => ({
    name: 'lab1',
    architecture: ARCHITECTURE,
    sizeBytes: bytes.length,
    contentRange: undefined,
    ...extra,
  });

  async function openCache(): Promise<ImageCache> {
    const cache = new ImageCache(Object.assign(new ComputeSettings(), { IMAGE_CACHE_DIR: folder, LXC_COMMAND_TIMEOUT_MS: 1000 }));
    await cache.onModuleInit();
    return cache;
  }

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tinystack-image-cache-'));
  });

  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('keeps a partial image across a restart of the node, and resumes it to a checked image', async () => {
    const half = 1024 * 1024;
    const first = await openCache();
    expect((await first.receive(sha256, delivery(), Readable.from([bytes.subarray(0, half)]))).entry).toMatchObject({ state: 'partial', receivedBytes: half });

    const restarted = await openCache();
    expect(restarted.describe(sha256)).toEqual({ sha256, state: 'partial', receivedBytes: half, sizeBytes: bytes.length });
    const rest = delivery({ contentRange: `bytes ${half}-${bytes.length - 1}/${bytes.length}` });
    const done = await restarted.receive(sha256, rest, Readable.from([bytes.subarray(half)]));
    expect(done).toEqual({ created: true, entry: { sha256, state: 'complete', receivedBytes: bytes.length, sizeBytes: bytes.length } });
    expect((await readdir(folder)).sort()).toEqual([`${sha256}.json`, `${sha256}.tar`]);

    const again = await openCache();
    expect(again.list().images).toEqual([{ sha256, name: 'lab1', architecture: ARCHITECTURE, sizeBytes: bytes.length, lastUsedAt: expect.any(String) }]);
  });

  it('gives up a transfer that stalls, keeping what arrived for a resume', async () => {
    const cache = await openCache();
    const body = new PassThrough();
    body.write(bytes.subarray(0, 4096));
    const started = performance.now();
    await expect(cache.receive(sha256, delivery(), body)).rejects.toThrow(/cut off after 4096 of \d+ bytes \(no bytes for 1000 ms\)/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(cache.describe(sha256)).toMatchObject({ state: 'partial', receivedBytes: 4096 });
  });

  it('refuses a second transfer of the same image while one runs, and a delete of an image a create holds', async () => {
    const cache = await openCache();
    const slow = new PassThrough();
    const first = cache.receive(sha256, delivery(), slow);
    await expect(cache.receive(sha256, delivery(), Readable.from([bytes]))).rejects.toBeInstanceOf(ConflictException);
    slow.end(bytes);
    expect((await first).created).toBe(true);

    const held = cache.checkout(sha256);
    await expect(cache.remove(sha256)).rejects.toThrow(/an instance is being created from image/);
    held.release();
    await cache.remove(sha256);
    expect(() => cache.describe(sha256)).toThrow(/not on this node/);
  });

  it('drops files without a description at start-up, and refuses a size that is not a number', async () => {
    // A crash between the first bytes and the description, and a description whose file is gone.
    await writeFile(join(folder, `${'c'.repeat(64)}.partial`), 'half');
    await writeFile(join(folder, `${'d'.repeat(64)}.json`), JSON.stringify({ name: 'lab2', architecture: ARCHITECTURE, sizeBytes: 10, lastUsedAt: new Date().toISOString() }));
    const cache = await openCache();
    expect(await readdir(folder)).toEqual([]);
    expect(cache.list()).toEqual({ budgetBytes: 2048 * 1024 * 1024, usedBytes: 0, images: [] });
    await expect(cache.receive(sha256, delivery({ sizeBytes: Number.NaN }), Readable.from([bytes]))).rejects.toBeInstanceOf(BadRequestException);
  });
});
