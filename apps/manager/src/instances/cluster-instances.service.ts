import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  EventAction,
  EventResult,
  InstanceAction,
  OperationAction,
  type ClusterInstanceDetailsDto,
  type ClusterInstanceDto,
  type CreateClusterInstanceDto,
  type InstanceActionDto,
  type OperationDto,
  type PlacementDto,
} from '@tinystack/contracts';
import type { Board, Reservation } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { PLACEMENT_FORMULA, rankForPlacement, type PlacementCandidate } from '../boards/placement.js';
import { EventLog } from '../events/event-log.service.js';
import { OperationsService } from '../operations/operations.service.js';

const ACTIONS: Record<InstanceAction, { operation: OperationAction; event: EventAction; done: string }> = {
  [InstanceAction.START]: { operation: OperationAction.START, event: EventAction.INSTANCE_STARTED, done: 'Started' },
  [InstanceAction.STOP]: { operation: OperationAction.STOP, event: EventAction.INSTANCE_STOPPED, done: 'Stopped' },
  [InstanceAction.RESTART]: { operation: OperationAction.RESTART, event: EventAction.INSTANCE_RESTARTED, done: 'Restarted' },
};

interface Refusable {
  event: EventAction;
  instance: string;
  /** What was tried: 'create "web1"' */
  attempt: string;
}

interface Placed {
  board: Board;
  placement: PlacementDto | null;
  reservation?: Reservation;
}

/**
 * Instances anywhere in the cluster: lists come from the boards' caches;
 * changes become operations on their board (answered at once, followed to the
 * node's outcome); what the manager can refuse at once (no such node, a node
 * UNREACHABLE or FAULTY, nowhere to place) is refused at once and logged.
 */
@Injectable()
export class ClusterInstancesService {
  constructor(
    private readonly registry: BoardRegistry,
    private readonly operations: OperationsService,
    private readonly eventLog: EventLog,
  ) {}

  list(): ClusterInstanceDto[] {
    return this.registry
      .all()
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((board) =>
        (board.instances ?? []).map((instance) => ({ ...instance, nodeId: board.id, nodeName: board.name, nodeState: board.state })),
      );
  }

  async get(nodeId: string, name: string): Promise<ClusterInstanceDetailsDto> {
    const board = this.registry.require(nodeId);
    return { ...(await board.readInstance(name)), nodeId: board.id, nodeName: board.name };
  }

  create(request: CreateClusterInstanceDto): OperationDto {
    const { nodeId, ...body } = request;
    const refusable = { event: EventAction.INSTANCE_CREATED, instance: body.name, attempt: `create "${body.name}"` };
    const { board, placement, reservation } = this.refusedAtOnce(refusable, nodeId, () =>
      nodeId ? { board: this.registry.operable(nodeId), placement: null } : this.place(),
    );
    const where = placement ? `, the least loaded node (score ${placement.candidates[0]!.score})` : '';
    return this.operations.start(
      {
        action: OperationAction.CREATE,
        board,
        instance: body.name,
        placement,
        event: refusable.event,
        attempt: refusable.attempt,
        done: (instance) => `Created "${body.name}" (${instance?.state ?? 'state unknown'}) on "${board.name}"${where}`,
      },
      () => board.create(body, reservation),
    );
  }

  act(nodeId: string, name: string, request: InstanceActionDto): OperationDto {
    const { operation, event, done } = ACTIONS[request.action];
    const attempt = `${request.action} "${name}"`;
    const { board } = this.refusedAtOnce({ event, instance: name, attempt }, nodeId, () => ({ board: this.registry.operable(nodeId), placement: null }));
    return this.operations.start(
      {
        action: operation,
        board,
        instance: name,
        placement: null,
        event,
        attempt,
        done: (instance) => `${done} "${name}" on "${board.name}" (now ${instance?.state ?? 'unknown'})`,
      },
      () => board.act(name, request),
    );
  }

  rename(nodeId: string, name: string, newName: string): OperationDto {
    const refusable = { event: EventAction.INSTANCE_RENAMED, instance: name, attempt: `rename "${name}" to "${newName}"` };
    const { board } = this.refusedAtOnce(refusable, nodeId, () => ({ board: this.registry.operable(nodeId), placement: null }));
    return this.operations.start(
      {
        action: OperationAction.RENAME,
        board,
        instance: name,
        placement: null,
        event: refusable.event,
        attempt: refusable.attempt,
        done: () => `Renamed "${name}" to "${newName}" on "${board.name}"`,
      },
      () => board.rename(name, newName),
    );
  }

  remove(nodeId: string, name: string, force: boolean): OperationDto {
    const refusable = { event: EventAction.INSTANCE_DELETED, instance: name, attempt: `delete "${name}"` };
    const { board } = this.refusedAtOnce(refusable, nodeId, () => ({ board: this.registry.operable(nodeId), placement: null }));
    return this.operations.start(
      {
        action: OperationAction.DELETE,
        board,
        instance: name,
        placement: null,
        event: refusable.event,
        attempt: refusable.attempt,
        done: () => `Deleted "${name}" on "${board.name}"${force ? ' (forced)' : ''}`,
      },
      () => board.remove(name, force),
    );
  }

  /**
   * The least loaded board that can take an instance (PLACEMENT_FORMULA), its
   * share reserved at once so that the next create sees it, or 503 saying
   * why there is none.
   */
  private place(): Placed {
    const boards = this.registry.all();
    const candidates = boards.map((board) => board.placementCandidate()).filter((candidate): candidate is PlacementCandidate => !!candidate);
    const ranked = rankForPlacement(candidates);
    if (ranked.length === 0) {
      throw new ServiceUnavailableException(
        boards.length === 0
          ? 'No compute node is registered: register one with POST /api/nodes'
          : `No ACTIVE node can take the instance: ${boards.map((board) => board.placeableProblem()).join('; ')}`,
      );
    }
    const board = this.registry.require(ranked[0]!.nodeId);
    return { board, placement: { formula: PLACEMENT_FORMULA, candidates: ranked }, reservation: board.reserve() };
  }

  /** Runs what may refuse the change at once; a refusal is logged with the reason the caller gets. */
  private refusedAtOnce(refusable: Refusable, nodeId: string | undefined, decide: () => Placed): Placed {
    try {
      return decide();
    } catch (error) {
      if (error instanceof HttpException) {
        const board = nodeId ? this.registry.find(nodeId) : undefined;
        this.eventLog.record({
          action: refusable.event,
          result: EventResult.FAILURE,
          nodeId: board?.id ?? null,
          nodeName: board?.name ?? null,
          instance: refusable.instance,
          message: `Could not ${refusable.attempt}: ${error.message}`,
        });
      }
      throw error;
    }
  }
}
