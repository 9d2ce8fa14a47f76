import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { appendStream, StreamStalled } from './batched-append.js';

describe('appendStream on a real file', () => {
  let folder: string;
  let handle: FileHandle;
  const file = () => join(folder, 'image.partial');

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tinystack-append-'));
    handle = await open(file(), 'w');
  });

  afterEach(async () => {
    await handle.close().catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
  });

  it('writes every byte in order, in batches, while holding at most two batches', async () => {
    const bytes = randomBytes(5 * 64 * 1024 + 123);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, index) => bytes.subarray(index * 4096, (index + 1) * 4096));
    const writes: number[] = [];
    let seen = 0;
    let written = 0;
    let mostHeld = 0;
    await appendStream(handle, Readable.from(chunks, { objectMode: false }), {
      batchBytes: 64 * 1024,
      idleTimeoutMs: 5000,
      onChunk: (chunk) => {
        seen += chunk.length;
        mostHeld = Math.max(mostHeld, seen - written);
      },
      onWritten: (count) => {
        writes.push(count);
        written += count;
      },
    });
    expect(await readFile(file())).toEqual(bytes);
    expect(written).toBe(bytes.length);
    // Full batches, then the rest at the end.
    expect(writes.slice(0, -1).every((count) => count >= 64 * 1024)).toBe(true);
    expect(writes.length).toBeLessThanOrEqual(6);
    expect(mostHeld).toBeLessThanOrEqual(2 * 64 * 1024 + 4096);
  });

  it('writes what arrived before the stream was cut off, then rejects with its error', async () => {
    const body = new PassThrough();
    let written = 0;
    const appended = appendStream(handle, body, { batchBytes: 1024 * 1024, idleTimeoutMs: 5000, onChunk: () => undefined, onWritten: (count) => (written += count) });
    body.write(Buffer.alloc(3000, 7));
    await new Promise((resolve) => setImmediate(resolve));
    body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(appended).rejects.toThrow('aborted');
    expect(written).toBe(3000);
    expect((await readFile(file())).length).toBe(3000);
  });

  it('gives up a stream that stalls, keeping what arrived', async () => {
    const body = new PassThrough();
    body.write(Buffer.alloc(100, 1));
    const started = performance.now();
    const appended = appendStream(handle, body, { batchBytes: 1024, idleTimeoutMs: 300, onChunk: () => undefined, onWritten: () => undefined });
    await expect(appended).rejects.toBeInstanceOf(StreamStalled);
    expect(performance.now() - started).toBeLessThan(3000);
    expect((await readFile(file())).length).toBe(100);
  });

  it('stops at the chunk onChunk refuses and writes nothing more', async () => {
    const body = new PassThrough();
    let count = 0;
    const appended = appendStream(handle, body, {
      batchBytes: 1024 * 1024,
      idleTimeoutMs: 5000,
      onChunk: () => {
        if (++count === 2) throw new Error('too many bytes');
      },
      onWritten: () => undefined,
    });
    body.write(Buffer.alloc(10));
    body.write(Buffer.alloc(10));
    await expect(appended).rejects.toThrow('too many bytes');
    expect((await readFile(file())).length).toBe(0);
  });
});
