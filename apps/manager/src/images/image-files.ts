import { PayloadTooLargeException, BadRequestException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Files of the library are readable by all (they are no secret); the DATA_DIR around them is owner-only. */
export const IMAGE_FILE_MODE = 0o644;
/** Bytes written to the SD card per write: large writes, few of them. */
const WRITE_CHUNK_BYTES = 1024 * 1024;
/** Bytes read per chunk when sending a tarball: enough to keep a LAN busy, little held per transfer. */
const READ_CHUNK_BYTES = 256 * 1024;
const INCOMING_PREFIX = '.incoming-';

/** A tarball received in full into the library's directory, not yet kept under its sha256. */
export interface ReceivedTarball {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** The sender stopped sending for longer than the idle limit. */
export class TransferStalled extends Error {}

/** The tarball grew past the size cap. */
export class TarballTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`the image is larger than IMAGE_MAX_MIB (${Math.round(limitBytes / (1024 * 1024))} MiB)`);
  }
}

/**
 * The library's tarballs: DATA_DIR/images/<sha256>.tar. A tarball arrives in
 * a temporary file of that directory, is hashed as it streams (never held in
 * memory), and is renamed to its sha256 once whole; what a crash left half
 * written is swept at start-up.
 */
export class ImageFiles {
  constructor(readonly directory: string) {}

  /** Makes the directory and removes incoming files an earlier run left behind. */
  prepare(): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o755 });
    for (const entry of readdirSync(this.directory)) {
      if (entry.startsWith(INCOMING_PREFIX)) rmSync(join(this.directory, entry), { force: true });
    }
  }

  pathOf(sha256: string): string {
    return join(this.directory, `${sha256}.tar`);
  }

  exists(sha256: string): boolean {
    try {
      return statSync(this.pathOf(sha256)).isFile();
    } catch {
      return false;
    }
  }

  /** The tarball from `offset` on (to resume a node's partial download). */
  open(sha256: string, offset = 0): ReadStream {
    return createReadStream(this.pathOf(sha256), { start: offset, highWaterMark: READ_CHUNK_BYTES });
  }

  /**
   * Streams `source` into a temporary file, hashing it; refuses it past
   * `limitBytes` (TarballTooLarge) or when it stalls longer than `idleMs`
   * (TransferStalled). The temporary file is gone on any failure.
   */
  async receive(source: Readable, limitBytes: number, idleMs: number): Promise<ReceivedTarball> {
    const path = join(this.directory, `${INCOMING_PREFIX}${randomUUID()}.tar`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let idle: NodeJS.Timeout | undefined;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        if (sizeBytes > limitBytes) return done(new TarballTooLarge(limitBytes));
        hash.update(chunk);
        armIdle();
        done(null, chunk);
      },
    });
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => meter.destroy(new TransferStalled(`no data for ${Math.round(idleMs / 1000)} s`)), idleMs);
    };
    armIdle();
    const writer = createWriteStream(path, { mode: IMAGE_FILE_MODE, highWaterMark: WRITE_CHUNK_BYTES });
    try {
      await pipeline(source, meter, writer);
    } catch (error) {
      // The file may still be opening when the pipeline fails early: remove it once the writer has closed.
      if (!writer.closed) await new Promise<void>((closed) => writer.once('close', () => closed()));
      rmSync(path, { force: true });
      throw error;
    } finally {
      clearTimeout(idle);
    }
    return { path, sha256: hash.digest('hex'), sizeBytes };
  }

  /** Keeps a received tarball under its sha256 (the same bytes already kept: the copy is dropped). */
  keep(received: ReceivedTarball): void {
    if (this.exists(received.sha256)) rmSync(received.path, { force: true });
    else renameSync(received.path, this.pathOf(received.sha256));
  }

  discard(received: ReceivedTarball): void {
    rmSync(received.path, { force: true });
  }

  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }
}

/** A failure of `receive` as the caller's HTTP error, or undefined when it is not one of the transfer's own. */
export function receiveRefusal(error: unknown, what: string): Error | undefined {
  if (error instanceof TarballTooLarge) return new PayloadTooLargeException(`${what}: ${error.message}`);
  if (error instanceof TransferStalled) return new BadRequestException(`${what}: the upload stalled (${error.message})`);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return new BadRequestException(`${what}: the upload was cut off before its end`);
  return undefined;
}
