import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { answerProblems, IMAGE_HEADERS, ImageCacheEntryDto } from '@tinystack/contracts';
import { ComputeNodeAnsweredError, ComputeStreams } from '@tinystack/compute-client';
import type { Board } from '../boards/board.js';
import { classifyNodeFailure, toCallerError, toHttpException } from '../boards/node-failure.js';
import type { ImageRecord } from './image-record.js';
import { ImageLibrary } from './image-library.service.js';

/** What a transfer tells as it goes: bytes the node holds of the whole tarball. */
export type TransferProgress = (progress: { bytes: number; totalBytes: number; phase: string; nodeName: string }) => void;

/** How an image came to be complete on a node. */
export interface Delivery {
  /** Bytes sent this time: 0 when the node had it. */
  sentBytes: number;
  /** It was sent from where a partial download had stopped. */
  resumed: boolean;
  /** The first attempt arrived corrupted and was sent again from zero. */
  retried: boolean;
}

/**
 * Sends images of the library to nodes (the manager pushes: the node holds no
 * credential of the manager, and the operation that reports progress lives
 * here). One transfer per node at a time, so a 1 GB board receives one image
 * at once; a second create of the same image on that node waits, then finds
 * it complete. A partial download is resumed from what the node holds; one
 * that arrives corrupted (the node checks the sha256) is sent again from zero,
 * once. The tarball is streamed from its file: the manager's memory stays flat.
 *
 * What the manager knows of each node's cache (from its answers and from
 * what it sent) makes placement prefer nodes that have an image; it is a
 * hint: the node's own answer decides whether bytes move.
 */
@Injectable()
export class ImageDistribution {
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly cached = new Map<string, Set<string>>();

  constructor(private readonly library: ImageLibrary) {}

  /** Whether the manager believes the node has the image complete (or is about to: a transfer to it is planned). */
  believesCached(board: Board, sha256: string): boolean {
    return this.cached.get(board.id)?.has(sha256) ?? false;
  }

  /** A create was placed on the node: it will have the image, so the next placement counts it as there. */
  expect(board: Board, sha256: string): void {
    this.remember(board, sha256, true);
  }

  /** Makes the image complete in the node's cache, sending what it lacks. Failures are HttpExceptions naming the node. */
  deliver(board: Board, image: ImageRecord, progress: TransferProgress): Promise<Delivery> {
    const previous = this.lanes.get(board.id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.transfer(board, image, progress));
    const tail = run.catch(() => undefined);
    this.lanes.set(board.id, tail);
    void tail.then(() => {
      if (this.lanes.get(board.id) === tail) this.lanes.delete(board.id);
    });
    return run;
  }

  private async transfer(board: Board, image: ImageRecord, progress: TransferProgress): Promise<Delivery> {
    const streams = new ComputeStreams(board.url, board.record.token);
    try {
      let retried = false;
      for (let attempt = 0; ; attempt++) {
        const entry = await this.entryOn(board, image.sha256);
        if (entry?.state === 'complete') {
          this.remember(board, image.sha256, true);
          progress({ bytes: image.sizeBytes, totalBytes: image.sizeBytes, phase: `"${image.name}" is on "${board.name}" already`, nodeName: board.name });
          return { sentBytes: 0, resumed: false, retried };
        }
        const from = entry?.state === 'partial' && entry.receivedBytes < image.sizeBytes ? entry.receivedBytes : 0;
        try {
          const answer = await this.send(streams, board, image, from, progress);
          if (answer.state !== 'complete') {
            throw new HttpException(
              `Node "${board.name}" holds ${answer.receivedBytes} of the ${image.sizeBytes} bytes of "${image.name}" after the whole file was sent`,
              HttpStatus.BAD_GATEWAY,
            );
          }
          this.remember(board, image.sha256, true);
          return { sentBytes: image.sizeBytes - from, resumed: from > 0, retried };
        } catch (error) {
          const corrupted = error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.UNPROCESSABLE_ENTITY && /corrupt/i.test(error.nodeMessage);
          // 416: what the node holds moved on since it was read (another sender): read it again.
          const outOfStep = error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
          if ((corrupted || outOfStep) && attempt === 0) {
            retried = corrupted;
            continue;
          }
          this.remember(board, image.sha256, false);
          const refusal = this.callerError(board, error);
          if (corrupted && retried && refusal instanceof HttpException) {
            throw new HttpException(`${refusal.message} (sent again from zero once: it arrived corrupted both times)`, refusal.getStatus());
          }
          throw refusal;
        }
      }
    } finally {
      streams.close();
    }
  }

  private send(streams: ComputeStreams, board: Board, image: ImageRecord, from: number, progress: TransferProgress): Promise<ImageCacheEntryDto> {
    const phase = `sending "${image.name}" to "${board.name}"${from > 0 ? ` (resumed at ${from} bytes)` : ''}`;
    let bytes = from;
    progress({ bytes, totalBytes: image.sizeBytes, phase, nodeName: board.name });
    const body = this.library.files.open(image.sha256, from);
    // Counted as the file is read: no stream between the file and the socket.
    body.on('data', (chunk) => {
      bytes += chunk.length;
      progress({ bytes, totalBytes: image.sizeBytes, phase, nodeName: board.name });
    });
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(image.sizeBytes - from),
      [IMAGE_HEADERS.name]: image.name,
      [IMAGE_HEADERS.architecture]: image.architecture,
      [IMAGE_HEADERS.size]: String(image.sizeBytes),
    };
    if (from > 0) headers['content-range'] = `bytes ${from}-${image.sizeBytes - 1}/${image.sizeBytes}`;
    return streams.upload<ImageCacheEntryDto>('PUT', `/images/${image.sha256}`, body, {
      headers,
      idleTimeoutMs: this.library.idleMs,
      check: (answer) => answerProblems(ImageCacheEntryDto, answer),
    });
  }

  /** The node's entry for the image; null when it has none (404). */
  private async entryOn(board: Board, sha256: string): Promise<ImageCacheEntryDto | null> {
    try {
      return await board.cachedImage(sha256);
    } catch (error) {
      if (error instanceof ComputeNodeAnsweredError && error.status === HttpStatus.NOT_FOUND) {
        this.remember(board, sha256, false);
        return null;
      }
      throw this.callerError(board, error);
    }
  }

  private remember(board: Board, sha256: string, present: boolean): void {
    const known = this.cached.get(board.id) ?? new Set<string>();
    if (present) known.add(sha256);
    else known.delete(sha256);
    this.cached.set(board.id, known);
  }

  private callerError(board: Board, error: unknown): Error {
    const failure = classifyNodeFailure(error);
    if (!failure) return error instanceof Error ? error : new Error(String(error));
    return toHttpException(toCallerError(failure, board));
  }
}
