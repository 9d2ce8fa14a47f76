import { HttpException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { EventAction, NodeState, OperationAction, OperationStatus, type OperationDto, type OperationItemResultDto } from '@tinystack/contracts';
import type { Principal } from '../auth/principal.js';
import type { Board } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { OperationsService } from '../operations/operations.service.js';
import { ImageDistribution } from './image-distribution.service.js';
import type { ImageRecord } from './image-record.js';
import { ImageLibrary } from './image-library.service.js';

/** The ACTIVE boards that can run an image: its architecture; 422 saying why when none. */
export function boardsFor(registry: BoardRegistry, image: Pick<ImageRecord, 'name' | 'architecture'>): Board[] {
  const boards = registry.all().sort((a, b) => a.name.localeCompare(b.name));
  const fit = boards.filter((board) => board.state === NodeState.ACTIVE && board.architecture === image.architecture);
  if (fit.length > 0) return fit;
  const seen = boards.map((board) => `"${board.name}" is ${board.state === NodeState.ACTIVE ? (board.architecture ?? 'of an unknown architecture (a compute node older than images)') : board.state}`);
  throw new UnprocessableEntityException(
    `No ACTIVE board runs ${image.architecture}, the architecture of image "${image.name}"${seen.length ? `: ${seen.join('; ')}` : ': no node is registered'}`,
  );
}

/**
 * `tinystack image warm lab1`: the image is sent to every ACTIVE node of its
 * architecture that lacks it, before a lesson, so that thirty creates at
 * nine o'clock move no bytes. One operation, one result per node; the nodes
 * receive in parallel (each one image at a time: ImageDistribution).
 */
@Injectable()
export class ImageWarmer {
  constructor(
    private readonly library: ImageLibrary,
    private readonly registry: BoardRegistry,
    private readonly distribution: ImageDistribution,
    private readonly operations: OperationsService,
  ) {}

  warm(viewer: Principal, name: string): OperationDto {
    const image = this.library.require(name);
    const boards = boardsFor(this.registry, image);
    const lease = this.library.lease(name, `warming on ${boards.length} node${boards.length === 1 ? '' : 's'}`);
    const results: OperationItemResultDto[] = boards.map((board) => ({
      name: board.name,
      nodeId: board.id,
      nodeName: board.name,
      owner: null,
      status: OperationStatus.RUNNING,
      message: null,
    }));
    let summary = '';
    return this.operations.start(
      {
        action: OperationAction.WARM,
        board: null,
        instance: '',
        image: name,
        placement: null,
        event: EventAction.IMAGE_WARMED,
        attempt: `warm image "${name}"`,
        done: () => `Warmed image "${name}": ${summary}`,
        owner: { id: viewer.userId, username: viewer.username },
        actor: viewer.actor,
        settled: () => lease.release(),
      },
      async (handle) => {
        handle.results(results);
        const moved = new Map<string, number>();
        const total = image.sizeBytes * boards.length;
        const outcomes = await Promise.all(
          boards.map(async (board, index) => {
            try {
              const delivery = await this.distribution.deliver(board, image, (progress) => {
                moved.set(board.id, progress.bytes);
                const bytes = [...moved.values()].reduce((sum, value) => sum + value, 0);
                handle.progress({ bytes, totalBytes: total, phase: progress.phase, nodeName: board.name });
              });
              results[index] = {
                ...results[index]!,
                status: OperationStatus.SUCCEEDED,
                message: delivery.sentBytes === 0 ? 'already there' : `sent ${delivery.sentBytes} bytes${delivery.resumed ? ' (resumed)' : ''}${delivery.retried ? ' (sent again: the first copy arrived corrupted)' : ''}`,
              };
              return delivery.sentBytes === 0 ? 'there' : 'sent';
            } catch (error) {
              results[index] = { ...results[index]!, status: OperationStatus.FAILED, message: error instanceof HttpException ? error.message : String(error) };
              if (!(error instanceof HttpException)) throw error;
              return 'failed';
            } finally {
              handle.results(results);
            }
          }),
        );
        const count = (what: string) => outcomes.filter((outcome) => outcome === what).length;
        summary = `sent to ${count('sent')}, already on ${count('there')}, failed on ${count('failed')} of ${boards.length} nodes`;
        if (count('failed') === 0) return { succeeded: true, instance: null, note: null };
        const failures = results.filter((result) => result.status === OperationStatus.FAILED).map((result) => result.message);
        return { succeeded: false, error: { statusCode: 502, message: `${summary}: ${failures.join('; ')}` }, note: null };
      },
    );
  }
}
