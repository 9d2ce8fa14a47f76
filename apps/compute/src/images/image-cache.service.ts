import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
  type OnModuleInit,
} from '@nestjs/common';
import {
  debianArchitecture,
  IMAGE_ARCHITECTURES,
  IMAGE_NAME_PATTERN,
  IMAGE_NAME_RULE,
  MAX_CACHED_IMAGES,
  SHA256_PATTERN,
  type CachedImageDto,
  type ImageArchitecture,
  type ImageCacheDto,
  type ImageCacheEntryDto,
} from '@tinystack/contracts';
import { ComputeSettings } from '../config/compute.settings.js';
import { writeFileDurably } from '../files/durable-file.js';
import { appendStream } from './batched-append.js';

const MIB = 1024 * 1024;
/** Bytes gathered before one write to the card: few large writes, not one per network packet. */
const WRITE_BATCH_BYTES = MIB;
const COMPLETE = '.tar';
const PARTIAL = '.partial';
const META = '.json';

/** What a PUT says about the image it carries. */
export interface ImageDelivery {
  name: string;
  architecture: string;
  sizeBytes: number;
  /** `Content-Range: bytes <from>-<to>/<total>`, when the body is the rest of a partial file. */
  contentRange: string | undefined;
}

interface Entry {
  sha256: string;
  name: string;
  architecture: ImageArchitecture;
  sizeBytes: number;
  lastUsedAt: string;
  complete: boolean;
  /** Bytes on disk: sizeBytes once complete. */
  receivedBytes: number;
}

interface StoredMeta {
  name: string;
  architecture: ImageArchitecture;
  sizeBytes: number;
  lastUsedAt: string;
}

/** A complete image held for a create: never evicted nor deleted until released. */
export interface CheckedOutImage {
  path: string;
  release(): void;
}

/**
 * The images the manager sent this node, under IMAGE_CACHE_DIR (default
 * DATA_DIR/images): `<sha256>.tar` once complete and checked, `<sha256>.partial`
 * while it arrives (kept when a transfer is cut off, so the next PUT resumes),
 * `<sha256>.json` with its name, architecture, size and last use. The cache
 * stays within IMAGE_CACHE_MIB by evicting the least recently used images
 * (stale partial files first); an image a create is unpacking is never evicted.
 */
@Injectable()
export class ImageCache implements OnModuleInit {
  private readonly logger = new Logger('Images');
  private readonly folder: string;
  private readonly budgetBytes: number;
  private readonly idleTimeoutMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly receiving = new Set<string>();
  private readonly inUse = new Map<string, number>();
  /** This board's architecture in Debian's words; null when no image is made for it. */
  readonly architecture: ImageArchitecture | null = debianArchitecture(process.arch);

  constructor(@Inject(ComputeSettings) settings: ComputeSettings) {
    this.folder = resolve(settings.IMAGE_CACHE_DIR ?? join(settings.DATA_DIR, 'images'));
    this.budgetBytes = settings.IMAGE_CACHE_MIB * MIB;
    // A transfer that stalls this long is given up (its partial file kept for a resume).
    this.idleTimeoutMs = settings.LXC_COMMAND_TIMEOUT_MS;
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o755 });
    const names = await readdir(this.folder);
    for (const file of names.filter((name) => name.endsWith(META))) {
      const sha256 = file.slice(0, -META.length);
      if (!SHA256_PATTERN.test(sha256)) continue;
      const meta = await readMeta(join(this.folder, file));
      const complete = await stat(this.file(sha256, COMPLETE)).catch(() => null);
      const partial = await stat(this.file(sha256, PARTIAL)).catch(() => null);
      if (meta !== null && complete !== null && complete.size === meta.sizeBytes) {
        this.entries.set(sha256, { sha256, ...meta, complete: true, receivedBytes: meta.sizeBytes });
      } else if (meta !== null && partial !== null && partial.size <= meta.sizeBytes) {
        this.entries.set(sha256, { sha256, ...meta, complete: false, receivedBytes: partial.size });
      } else {
        this.logger.warn(`Removing the unusable cached image ${sha256} (its files do not match its description)`);
        await this.removeFiles(sha256);
      }
    }
    // Files without a description (a crash before it was written) are of no use.
    for (const name of names) {
      const sha256 = name.replace(/\.(tar|partial|json)$/, '');
      if (!this.entries.has(sha256) && !name.endsWith(META)) await rm(join(this.folder, name), { force: true, recursive: true });
    }
  }

  list(): ImageCacheDto {
    const images = [...this.entries.values()]
      .filter((entry) => entry.complete)
      .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt))
      .slice(0, MAX_CACHED_IMAGES)
      .map(toCachedImage);
    return { budgetBytes: this.budgetBytes, usedBytes: this.usedBytes(), images };
  }

  /** @throws NotFoundException when the node has none of it */
  describe(sha256: string): ImageCacheEntryDto {
    const entry = this.entries.get(sha256);
    if (entry === undefined) throw new NotFoundException(`image ${sha256} is not on this node`);
    return toCacheEntry(entry);
  }

  /**
   * Receives the image's bytes (or the rest of them), hashing as they arrive.
   * `created` is false when the image was already complete (the body is not read),
   * or when the body ended before the image did (a partial file to resume).
   * @throws 400 bad headers, 409 already arriving, 416 resume from elsewhere, 422 other architecture or corrupted, 507 no room
   */
  async receive(sha256: string, delivery: ImageDelivery, body: Readable): Promise<{ created: boolean; entry: ImageCacheEntryDto }> {
    const { name, sizeBytes } = delivery;
    const architecture = this.checkArchitecture(delivery.architecture);
    if (!IMAGE_NAME_PATTERN.test(name)) throw new BadRequestException(`X-Image-Name must be an image name (${IMAGE_NAME_RULE}) (got "${name.slice(0, 80)}")`);
    const existing = this.entries.get(sha256);
    if (existing?.complete) return { created: false, entry: toCacheEntry(existing) };
    if (this.receiving.has(sha256)) throw new ConflictException(`image ${sha256} is being received already: wait for that transfer, or resume after it`);
    const from = this.resumeOffset(sha256, existing, delivery);
    this.receiving.add(sha256);
    try {
      // A fresh start (no Content-Range) overwrites what a partial file held.
      await this.makeRoom(sizeBytes - from, sha256, from === 0 ? (existing?.receivedBytes ?? 0) : 0);
      const entry: Entry = { sha256, name, architecture, sizeBytes, lastUsedAt: new Date().toISOString(), complete: false, receivedBytes: from };
      this.entries.set(sha256, entry);
      this.writeMeta(entry);
      const hash = createHash('sha256');
      if (from > 0) await hashFile(this.file(sha256, PARTIAL), hash);
      await this.writeBody(entry, body, hash, from);
      if (entry.receivedBytes < sizeBytes) return { created: false, entry: toCacheEntry(entry) };
      const digest = hash.digest('hex');
      if (digest !== sha256) {
        await this.forget(sha256);
        throw new UnprocessableEntityException(`the image arrived corrupted: sha256 ${digest}, expected ${sha256}; it was deleted, send it again`);
      }
      await rename(this.file(sha256, PARTIAL), this.file(sha256, COMPLETE));
      entry.complete = true;
      this.writeMeta(entry);
      this.logger.log(`Received image "${name}" (${sha256.slice(0, 12)}…, ${formatMiB(sizeBytes)})`);
      return { created: true, entry: toCacheEntry(entry) };
    } finally {
      this.receiving.delete(sha256);
    }
  }

  /**
   * Holds a complete image for a create and marks it used now.
   * @throws ConflictException when it is not complete on this node
   */
  checkout(sha256: string): CheckedOutImage {
    const entry = this.entries.get(sha256);
    if (!entry?.complete) throw new ConflictException(`image ${sha256} is not on this node: send it first (PUT /images/${sha256})`);
    this.inUse.set(sha256, (this.inUse.get(sha256) ?? 0) + 1);
    entry.lastUsedAt = new Date().toISOString();
    this.writeMeta(entry);
    let released = false;
    return {
      path: this.file(sha256, COMPLETE),
      release: () => {
        if (released) return;
        released = true;
        const count = (this.inUse.get(sha256) ?? 1) - 1;
        if (count <= 0) this.inUse.delete(sha256);
        else this.inUse.set(sha256, count);
      },
    };
  }

  /** @throws NotFoundException, ConflictException while it arrives or an instance is created from it */
  async remove(sha256: string): Promise<void> {
    if (!this.entries.has(sha256)) throw new NotFoundException(`image ${sha256} is not on this node`);
    if (this.receiving.has(sha256)) throw new ConflictException(`image ${sha256} is being received: delete it once the transfer ends`);
    if (this.inUse.has(sha256)) throw new ConflictException(`an instance is being created from image ${sha256}: delete it once that is done`);
    await this.forget(sha256);
  }

  private checkArchitecture(architecture: string): ImageArchitecture {
    if (!(IMAGE_ARCHITECTURES as readonly string[]).includes(architecture)) {
      throw new BadRequestException(`X-Image-Architecture must be one of: ${IMAGE_ARCHITECTURES.join(', ')} (got "${architecture.slice(0, 40)}")`);
    }
    if (architecture !== this.architecture) {
      throw new UnprocessableEntityException(
        `the image is for ${architecture} but this board is ${this.architecture ?? process.arch}: its programs cannot run here; use an image made for ${this.architecture ?? process.arch}`,
      );
    }
    return architecture as ImageArchitecture;
  }

  /** Where a PUT starts: 0, or the end of the partial file when it says so in Content-Range. */
  private resumeOffset(sha256: string, existing: Entry | undefined, delivery: ImageDelivery): number {
    if (!Number.isSafeInteger(delivery.sizeBytes) || delivery.sizeBytes <= 0) {
      throw new BadRequestException('X-Image-Size must be the size of the whole tarball in bytes, a whole number above 0');
    }
    if (delivery.contentRange === undefined) return 0;
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(delivery.contentRange.trim());
    if (!match) throw new BadRequestException(`Content-Range must read "bytes <from>-<to>/<total>" (got "${delivery.contentRange.slice(0, 80)}")`);
    const [from, to, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (total !== delivery.sizeBytes || to < from || to >= total) {
      throw new BadRequestException(`Content-Range ${delivery.contentRange} does not fit X-Image-Size ${delivery.sizeBytes}`);
    }
    const received = existing !== undefined && existing.sizeBytes === delivery.sizeBytes ? existing.receivedBytes : 0;
    if (from !== received) {
      throw new HttpException(
        { statusCode: HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, error: 'Range Not Satisfiable', message: `image ${sha256}: this node holds receivedBytes ${received}, so a resume must start there (Content-Range: bytes ${received}-…), not at ${from}` },
        HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
      );
    }
    return from;
  }

  /** Evicts stale partial files, then the least recently used complete images, until `bytes` more fit. */
  private async makeRoom(bytes: number, arriving: string, reclaimedBytes: number): Promise<void> {
    const fits = () => this.usedBytes() - reclaimedBytes + bytes <= this.budgetBytes;
    if (bytes > this.budgetBytes) throw insufficientStorage(`the image (${formatMiB(bytes)}) is larger than this node's image cache (IMAGE_CACHE_MIB ${formatMiB(this.budgetBytes)})`);
    const candidates = [...this.entries.values()]
      .filter((entry) => entry.sha256 !== arriving && !this.inUse.has(entry.sha256) && !this.receiving.has(entry.sha256))
      .sort((a, b) => Number(a.complete) - Number(b.complete) || a.lastUsedAt.localeCompare(b.lastUsedAt));
    for (const entry of candidates) {
      if (fits()) return;
      this.logger.log(`Evicting image "${entry.name}" (${entry.sha256.slice(0, 12)}…, last used ${entry.lastUsedAt}) to make room`);
      await this.forget(entry.sha256);
    }
    if (!fits()) {
      throw insufficientStorage(
        `no room for the image (${formatMiB(bytes)}) in this node's image cache (${formatMiB(this.usedBytes())} of ${formatMiB(this.budgetBytes)} used by images in use): raise IMAGE_CACHE_MIB or try later`,
      );
    }
  }

  /**
   * Appends the body to the partial file in batches (one written while the next arrives), hashing it; synced once at
   * the end. Stops (keeping what arrived) when the body stalls or is cut off.
   */
  private async writeBody(entry: Entry, body: Readable, hash: Hash, from: number): Promise<void> {
    const handle: FileHandle = await open(this.file(entry.sha256, PARTIAL), from > 0 ? 'a' : 'w', 0o644);
    let acceptedBytes = entry.receivedBytes;
    try {
      await appendStream(handle, body, {
        batchBytes: WRITE_BATCH_BYTES,
        idleTimeoutMs: this.idleTimeoutMs,
        onChunk: (chunk) => {
          acceptedBytes += chunk.length;
          if (acceptedBytes > entry.sizeBytes) throw new BadRequestException(`the body holds more than X-Image-Size (${entry.sizeBytes}) bytes; the partial image was deleted`);
          hash.update(chunk);
        },
        onWritten: (bytes) => (entry.receivedBytes += bytes),
      });
      // Once, at the end: the checked image is on the card before it is said complete.
      await handle.sync();
    } catch (error) {
      if (error instanceof HttpException) {
        await handle.close().catch(() => undefined);
        await this.forget(entry.sha256);
        throw error;
      }
      // Cut off or stalled: what arrived is kept for a resume.
      this.logger.warn(`Image ${entry.sha256.slice(0, 12)}… stopped arriving at ${entry.receivedBytes} of ${entry.sizeBytes} bytes: ${(error as Error).message}`);
      throw new BadRequestException(`the image's body was cut off after ${entry.receivedBytes} of ${entry.sizeBytes} bytes (${(error as Error).message}); resume from there`);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private usedBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.receivedBytes;
    return total;
  }

  private async forget(sha256: string): Promise<void> {
    this.entries.delete(sha256);
    await this.removeFiles(sha256);
  }

  private async removeFiles(sha256: string): Promise<void> {
    await Promise.all([COMPLETE, PARTIAL, META].map((suffix) => rm(this.file(sha256, suffix), { force: true })));
  }

  private writeMeta(entry: Entry): void {
    const meta: StoredMeta = { name: entry.name, architecture: entry.architecture, sizeBytes: entry.sizeBytes, lastUsedAt: entry.lastUsedAt };
    writeFileDurably(this.file(entry.sha256, META), `${JSON.stringify(meta)}\n`, 0o644);
  }

  private file(sha256: string, suffix: string): string {
    return join(this.folder, `${sha256}${suffix}`);
  }
}

async function readMeta(file: string): Promise<StoredMeta | null> {
  try {
    const meta = JSON.parse(await readFile(file, 'utf8')) as Partial<StoredMeta>;
    const valid =
      typeof meta.name === 'string' &&
      IMAGE_NAME_PATTERN.test(meta.name) &&
      (IMAGE_ARCHITECTURES as readonly unknown[]).includes(meta.architecture) &&
      Number.isSafeInteger(meta.sizeBytes) &&
      typeof meta.lastUsedAt === 'string' &&
      !Number.isNaN(Date.parse(meta.lastUsedAt));
    return valid ? (meta as StoredMeta) : null;
  } catch {
    return null;
  }
}

function hashFile(file: string, hash: Hash): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const stream = createReadStream(file, { highWaterMark: WRITE_BATCH_BYTES });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('end', () => resolvePromise());
    stream.on('error', reject);
  });
}

function insufficientStorage(message: string): HttpException {
  return new HttpException({ statusCode: HttpStatus.INSUFFICIENT_STORAGE, error: 'Insufficient Storage', message }, HttpStatus.INSUFFICIENT_STORAGE);
}

function formatMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;
}

function toCachedImage(entry: Entry): CachedImageDto {
  return { sha256: entry.sha256, name: entry.name, architecture: entry.architecture, sizeBytes: entry.sizeBytes, lastUsedAt: entry.lastUsedAt };
}

function toCacheEntry(entry: Entry): ImageCacheEntryDto {
  return { sha256: entry.sha256, state: entry.complete ? 'complete' : 'partial', receivedBytes: entry.receivedBytes, sizeBytes: entry.sizeBytes };
}
