import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ImageFiles, receiveRefusal, TarballTooLarge, TransferStalled } from './image-files.js';

describe('ImageFiles: the library tarballs on disk', () => {
  let directory: string;
  let files: ImageFiles;

  beforeEach(() => {
    directory = join(mkdtempSync(join(tmpdir(), 'tinystack-image-files-')), 'images');
    files = new ImageFiles(directory);
    files.prepare();
  });

  afterEach(() => rmSync(join(directory, '..'), { recursive: true, force: true }));

  it('receives a stream into a temporary file with its sha256 and size, then keeps it under the sha256 (0644)', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const received = await files.receive(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), 10 * 1024 * 1024, 5000);
    expect(received.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(received.sizeBytes).toBe(bytes.length);
    files.keep(received);
    expect(files.exists(received.sha256)).toBe(true);
    expect(statSync(files.pathOf(received.sha256)).mode & 0o777).toBe(0o644);
    expect(readdirSync(directory)).toEqual([`${received.sha256}.tar`]);
    const tail: Buffer[] = [];
    for await (const chunk of files.open(received.sha256, bytes.length - 17)) tail.push(chunk as Buffer);
    expect(Buffer.concat(tail)).toEqual(bytes.subarray(bytes.length - 17));
  });

  it('refuses a stream past the size cap and leaves no file behind', async () => {
    const error = await files.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000, 5000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TarballTooLarge);
    expect(receiveRefusal(error, 'Could not import "x"')?.message).toBe('Could not import "x": the image is larger than IMAGE_MAX_MIB (0 MiB)');
    expect(readdirSync(directory)).toEqual([]);
  });

  it('gives up a stream that stalls longer than the idle limit, and leaves no file behind', async () => {
    const source = new PassThrough();
    source.write(Buffer.alloc(10));
    const error = await files.receive(source, 1000, 200).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransferStalled);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('keeps one file for the same bytes received twice, and sweeps incoming leftovers at start-up', async () => {
    const first = await files.receive(Readable.from([Buffer.from('same')]), 100, 5000);
    const second = await files.receive(Readable.from([Buffer.from('same')]), 100, 5000);
    files.keep(first);
    files.keep(second);
    expect(readdirSync(directory)).toEqual([`${first.sha256}.tar`]);
    writeFileSync(join(directory, '.incoming-left-by-a-crash.tar'), 'half');
    files.prepare();
    expect(readdirSync(directory)).toEqual([`${first.sha256}.tar`]);
    expect(readFileSync(files.pathOf(first.sha256), 'utf8')).toBe('same');
  });
});
