import { ConflictException, HttpException, HttpStatus, Inject, Injectable, NotFoundException, OnModuleInit, PayloadTooLargeException } from '@nestjs/common';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { EventAction, EventResult, type ImageArchitecture, type ImageDto, type ImportImageQuery } from '@tinystack/contracts';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLog } from '../events/event-log.service.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import { ImageFiles, receiveRefusal, type ReceivedTarball } from './image-files.js';
import type { ImageRecord } from './image-record.js';
import { DuplicateImageNameError, ImageRepository } from './image.repository.js';

export const IMAGES_DIRECTORY = 'images';

/** What a new image is, before its bytes arrive. */
export interface NewImage {
  name: string;
  architecture: ImageArchitecture;
  description: string;
  source: string;
}

/** An image held by a create, a warm or a batch: it cannot be deleted until released. */
export interface ImageLease {
  image: ImageRecord;
  release(): void;
}

export function toImageDto(record: ImageRecord): ImageDto {
  return {
    name: record.name,
    description: record.description,
    architecture: record.architecture,
    sizeBytes: record.sizeBytes,
    sha256: record.sha256,
    createdAt: record.createdAt.toISOString(),
    source: record.source,
    createdBy: record.createdBy,
  };
}

/**
 * The image library: metadata in SQLite, tarballs under DATA_DIR/images by
 * sha256 (two names may share one). Every image is readable by every user
 * (they create from them); only admins add, change or delete one (the
 * controller says so). An image in use by a running create, warm or batch
 * cannot be deleted: the node would be sent a file that is gone.
 */
@Injectable()
export class ImageLibrary implements OnModuleInit {
  readonly files: ImageFiles;
  readonly maxBytes: number;
  readonly idleMs: number;
  /** Running uses per image name, with what each is (for the 409's words). */
  private readonly uses = new Map<string, Set<string>>();
  /** Names whose bytes are arriving: a second import of the same name is refused at once. */
  private readonly arriving = new Set<string>();

  constructor(
    private readonly repository: ImageRepository,
    private readonly database: DatabaseHealth,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
    @Inject(ManagerSettings) settings: ManagerSettings,
  ) {
    this.files = new ImageFiles(join(settings.DATA_DIR, IMAGES_DIRECTORY));
    this.maxBytes = settings.IMAGE_MAX_MIB * 1024 * 1024;
    this.idleMs = settings.IMAGE_IDLE_TIMEOUT_MS;
  }

  onModuleInit(): void {
    this.files.prepare();
  }

  list(): ImageDto[] {
    return this.repository.list().map(toImageDto);
  }

  get(name: string): ImageDto {
    return toImageDto(this.require(name));
  }

  require(name: string): ImageRecord {
    const image = this.repository.find(name);
    if (!image) throw new NotFoundException(`No image named "${name}": see GET /api/images (tinystack image list)`);
    return image;
  }

  /** 409 now when the name is taken or arriving, so that nobody sends a gigabyte to be refused at the end. */
  assertNameFree(name: string): void {
    if (this.repository.find(name) || this.arriving.has(name)) {
      throw new ConflictException(`An image named "${name}" already exists: choose another name, or delete that one first`);
    }
  }

  /**
   * Receives a tarball (an upload, or a node's root filesystem) into the
   * library under `image.name`: hashed as it streams, refused past
   * IMAGE_MAX_MIB (413), stored once whole. The entry is logged.
   */
  async receive(image: NewImage, source: Readable, actor: Principal, declaredBytes: number | null = null): Promise<ImageDto> {
    this.assertNameFree(image.name);
    if (declaredBytes !== null && declaredBytes > this.maxBytes) {
      throw new PayloadTooLargeException(`Could not import "${image.name}": the image is larger than IMAGE_MAX_MIB (${this.maxBytes / (1024 * 1024)} MiB)`);
    }
    this.arriving.add(image.name);
    let received: ReceivedTarball;
    try {
      received = await this.files.receive(source, this.maxBytes, this.idleMs);
    } catch (error) {
      this.arriving.delete(image.name);
      throw receiveRefusal(error, `Could not import "${image.name}"`) ?? diskRefusal(error, image.name) ?? error;
    }
    try {
      const record: ImageRecord = { ...image, sizeBytes: received.sizeBytes, sha256: received.sha256, createdAt: this.clock.now(), createdBy: actor.actor };
      this.files.keep(received);
      try {
        writeOrRefuse(this.database, `Could not store the image "${image.name}"`, () => this.repository.insert(record));
      } catch (error) {
        if (this.repository.countBySha256(record.sha256) === 0) this.files.remove(record.sha256);
        if (error instanceof DuplicateImageNameError) throw new ConflictException(error.message);
        throw error;
      }
      return toImageDto(record);
    } catch (error) {
      this.files.discard(received);
      throw error;
    } finally {
      this.arriving.delete(image.name);
    }
  }

  /** POST /api/images/import: the request is the tarball. Logged either way. */
  async importUpload(actor: Principal, query: ImportImageQuery, body: Readable, declaredBytes: number | null): Promise<ImageDto> {
    const image = { name: query.name, architecture: query.architecture, description: query.description ?? '', source: query.source ?? 'upload' };
    try {
      const stored = await this.receive(image, body, actor, declaredBytes);
      this.log(actor, EventAction.IMAGE_IMPORTED, `${actor.actor} imported image "${stored.name}" (${stored.architecture}, ${stored.sizeBytes} bytes, sha256 ${stored.sha256})`);
      return stored;
    } catch (error) {
      // Nothing more is read of a refused body: the connection closes once the answer is sent.
      if (!body.readableEnded) body.resume();
      if (error instanceof HttpException) {
        this.log(actor, EventAction.IMAGE_IMPORTED, `Could not import image "${image.name}": ${error.message}`, EventResult.FAILURE);
      }
      throw error;
    }
  }

  update(name: string, change: { name?: string; description?: string }, actor: Principal): ImageDto {
    const image = this.require(name);
    const next = { name: change.name ?? image.name, description: change.description ?? image.description };
    if (next.name !== image.name && this.uses.has(image.name)) {
      throw new ConflictException(`Image "${name}" is in use (${this.describeUses(name)}): rename it once that is done`);
    }
    try {
      writeOrRefuse(this.database, `Could not change the image "${name}"`, () => this.repository.update(name, next));
    } catch (error) {
      if (error instanceof DuplicateImageNameError) throw new ConflictException(`${error.message}: choose another name`);
      throw error;
    }
    const words = [next.name !== image.name ? `renamed it "${next.name}"` : null, next.description !== image.description ? 'changed its description' : null]
      .filter(Boolean)
      .join(' and ');
    this.log(actor, EventAction.IMAGE_CHANGED, `${actor.actor} ${words || 'changed nothing of'} image "${name}"`);
    return toImageDto({ ...image, ...next });
  }

  remove(name: string, actor: Principal): void {
    const image = this.require(name);
    if (this.uses.has(name)) {
      const refusal = `Image "${name}" is in use: ${this.describeUses(name)}; delete it once that is done`;
      this.log(actor, EventAction.IMAGE_DELETED, `Could not delete image "${name}": ${refusal}`, EventResult.FAILURE);
      throw new ConflictException(refusal);
    }
    writeOrRefuse(this.database, `Could not delete the image "${name}"`, () => this.repository.remove(name));
    if (this.repository.countBySha256(image.sha256) === 0) this.files.remove(image.sha256);
    this.log(actor, EventAction.IMAGE_DELETED, `${actor.actor} deleted image "${name}" (${image.architecture}, ${image.sizeBytes} bytes)`);
  }

  /** Holds the image for a use (`what`: 'creating "web1" on pi-node-1'); delete is refused until released. */
  lease(name: string, what: string): ImageLease {
    const image = this.require(name);
    if (!this.files.exists(image.sha256)) {
      throw new HttpException(`The tarball of image "${name}" is missing from ${this.files.directory}: delete the image and import it again`, HttpStatus.INTERNAL_SERVER_ERROR);
    }
    const uses = this.uses.get(name) ?? new Set<string>();
    const token = `${what}#${uses.size}#${Math.random()}`;
    uses.add(token);
    this.uses.set(name, uses);
    let released = false;
    return {
      image,
      release: () => {
        if (released) return;
        released = true;
        uses.delete(token);
        if (uses.size === 0 && this.uses.get(name) === uses) this.uses.delete(name);
      },
    };
  }

  log(actor: Principal, action: EventAction, message: string, result = EventResult.SUCCESS): void {
    this.eventLog.record({ action, result, nodeId: null, nodeName: null, instance: null, message, actor: actor.actor, owner: null });
  }

  private describeUses(name: string): string {
    const uses = [...(this.uses.get(name) ?? [])].map((token) => token.split('#')[0]!);
    const shown = uses.slice(0, 3).join(', ');
    return uses.length > 3 ? `${shown} and ${uses.length - 3} more` : shown;
  }
}

function diskRefusal(error: unknown, name: string): HttpException | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'ENOSPC') return undefined;
  return new HttpException(`Could not import "${name}": the manager's disk is full`, HttpStatus.INSUFFICIENT_STORAGE);
}
