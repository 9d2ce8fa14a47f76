import { HttpException, Injectable } from '@nestjs/common';
import { Transform } from 'node:stream';
import { EventAction, EventResult, OperationAction, type OperationDto, type PublishImageDto } from '@tinystack/contracts';
import { ComputeStreams } from '@tinystack/compute-client';
import type { Principal } from '../auth/principal.js';
import type { ActionOutcome, Board } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { classifyNodeFailure, toCallerError } from '../boards/node-failure.js';
import { EventLog } from '../events/event-log.service.js';
import { OperationsService, type OperationHandle } from '../operations/operations.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { ImageLibrary } from './image-library.service.js';

/** The source of a published image, as the library records it. */
export function instanceSource(board: Board, name: string): string {
  return `instance:${board.name}/${name}`;
}

/**
 * Publishing a stopped instance as an image (an operation): the node streams
 * its root filesystem as a tar (GET /instances/:id/rootfs, refused with 409
 * while it runs), the library hashes and stores it as it arrives.
 */
@Injectable()
export class ImagePublisher {
  constructor(
    private readonly library: ImageLibrary,
    private readonly registry: BoardRegistry,
    private readonly operations: OperationsService,
    private readonly ownership: OwnershipService,
    private readonly eventLog: EventLog,
  ) {}

  publish(viewer: Principal, request: PublishImageDto): OperationDto {
    const { nodeId, name: instance } = request.fromInstance;
    const attempt = `publish "${instance}" as image "${request.name}"`;
    let board: Board;
    try {
      board = this.registry.require(nodeId);
      this.ownership.assertVisible(viewer, board, instance);
      board.assertOperable();
      board.requireArchitecture('publish from it');
      this.library.assertNameFree(request.name);
    } catch (error) {
      if (error instanceof HttpException) {
        const known = this.registry.find(nodeId);
        this.eventLog.record({
          action: EventAction.IMAGE_PUBLISHED,
          result: EventResult.FAILURE,
          nodeId: known?.id ?? null,
          nodeName: known?.name ?? null,
          instance,
          message: `Could not ${attempt}: ${error.message}`,
          actor: viewer.actor,
          owner: null,
        });
      }
      throw error;
    }
    let sizeBytes = 0;
    return this.operations.start(
      {
        action: OperationAction.PUBLISH,
        board,
        instance,
        image: request.name,
        placement: null,
        event: EventAction.IMAGE_PUBLISHED,
        attempt,
        done: () => `Published "${instance}" on "${board.name}" as image "${request.name}" (${sizeBytes} bytes)`,
        owner: { id: viewer.userId, username: viewer.username },
        actor: viewer.actor,
      },
      async (handle) => {
        const outcome = await this.copy(viewer, board, instance, request, handle);
        if (outcome.succeeded) sizeBytes = this.library.get(request.name).sizeBytes;
        return outcome;
      },
    );
  }

  private async copy(viewer: Principal, board: Board, instance: string, request: PublishImageDto, handle: OperationHandle): Promise<ActionOutcome> {
    const streams = new ComputeStreams(board.url, board.record.token);
    try {
      const tar = await streams.download(`/instances/${encodeURIComponent(instance)}/rootfs`, { idleTimeoutMs: this.library.idleMs });
      const phase = `reading the root filesystem of "${instance}" on "${board.name}"`;
      let bytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          // The size is known once the tar has ended: until then, what came so far.
          handle.progress({ bytes, totalBytes: bytes, phase, nodeName: board.name });
          done(null, chunk);
        },
      });
      tar.on('error', (error) => meter.destroy(error));
      tar.pipe(meter);
      await this.library.receive(
        { name: request.name, architecture: board.architecture!, description: request.description ?? '', source: instanceSource(board, instance) },
        meter,
        viewer,
      );
      return { succeeded: true, instance: null, note: null };
    } catch (error) {
      return { succeeded: false, error: outcomeError(error, board), note: null };
    } finally {
      streams.close();
    }
  }
}

/** A failure of an operation's own work (not a Board change) as its error. */
export function outcomeError(error: unknown, board: Board | null): { statusCode: number; message: string } {
  if (error instanceof HttpException) return { statusCode: error.getStatus(), message: error.message };
  const failure = board ? classifyNodeFailure(error) : null;
  if (failure && board) return toCallerError(failure, board);
  throw error;
}
