import { BadRequestException, ForbiddenException, HttpException, Injectable, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import {
  EventAction,
  EventResult,
  InstanceAction,
  InstanceState,
  OperationAction,
  type ClusterInstanceDetailsDto,
  type ClusterInstanceDto,
  type CreateClusterInstanceDto,
  type CreateInstanceDto,
  type InstanceActionDto,
  type OperationDto,
  type PlacementDto,
} from '@tinystack/contracts';
import { isAdmin, type Principal } from '../auth/principal.js';
import type { ActionOutcome, Board, Reservation } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { PLACEMENT_FORMULA, rankForPlacement, type PlacementCandidate } from '../boards/placement.js';
import { EventLog, type EntryOwner } from '../events/event-log.service.js';
import { ImageDistribution } from '../images/image-distribution.service.js';
import type { ImageRecord } from '../images/image-record.js';
import { ImageLibrary, type ImageLease } from '../images/image-library.service.js';
import { outcomeError } from '../images/image-publisher.service.js';
import { OperationsService, type OperationHandle } from '../operations/operations.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { QuotaService, type QuotaNeed, type QuotaReservation } from '../quotas/quota.service.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';

const ACTIONS: Record<InstanceAction, { operation: OperationAction; event: EventAction; done: string }> = {
  [InstanceAction.START]: { operation: OperationAction.START, event: EventAction.INSTANCE_STARTED, done: 'Started' },
  [InstanceAction.STOP]: { operation: OperationAction.STOP, event: EventAction.INSTANCE_STOPPED, done: 'Stopped' },
  [InstanceAction.RESTART]: { operation: OperationAction.RESTART, event: EventAction.INSTANCE_RESTARTED, done: 'Restarted' },
};

export interface Refusable {
  event: EventAction;
  instance: string;
  /** What was tried: 'create "web1"' */
  attempt: string;
}

export interface Placed {
  board: Board;
  placement: PlacementDto | null;
  reservation?: Reservation;
}

/** What a create sends to its node, the image (of the library) aside. */
export type NodeCreateBody = Omit<CreateInstanceDto, 'template'> & { template?: string };

/**
 * Instances anywhere in the cluster: lists come from the boards' caches;
 * changes become operations on their board (answered at once, followed to the
 * node's outcome); what the manager can refuse at once (no such node, a node
 * UNREACHABLE or FAULTY, nowhere to place, a quota reached) is refused at
 * once and logged. A member sees and changes their own instances only:
 * another's is a 404 in the words of a missing one, checked before anything
 * else about it.
 */
@Injectable()
export class ClusterInstancesService {
  constructor(
    private readonly registry: BoardRegistry,
    private readonly operations: OperationsService,
    private readonly eventLog: EventLog,
    private readonly ownership: OwnershipService,
    private readonly quotas: QuotaService,
    private readonly users: UserDirectory,
    private readonly images: ImageLibrary,
    private readonly distribution: ImageDistribution,
  ) {}

  list(viewer: Principal): ClusterInstanceDto[] {
    return this.registry
      .all()
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((board) =>
        this.ownership
          .visibleOn(viewer, board.id, board.instances ?? [])
          .map((instance) => ({ ...instance, nodeId: board.id, nodeName: board.name, nodeState: board.state, ...board.figuresOf(instance.name) })),
      );
  }

  async get(viewer: Principal, nodeId: string, name: string): Promise<ClusterInstanceDetailsDto> {
    const board = this.registry.require(nodeId);
    this.ownership.assertVisible(viewer, board, name);
    const details = await board.readInstance(name);
    return { ...details, nodeId: board.id, nodeName: board.name, owner: this.ownership.ownerOf(board.id, name).username };
  }

  create(viewer: Principal, request: CreateClusterInstanceDto): OperationDto {
    const { nodeId, owner: ownerName, image: imageName, ...body } = request;
    const refusable = { event: EventAction.INSTANCE_CREATED, instance: body.name, attempt: `create "${body.name}"` };
    let owner: UserRecord | undefined;
    let quota: QuotaReservation | undefined;
    let lease: ImageLease | undefined;
    const { board, placement, reservation } = this.refusedAtOnce(
      refusable,
      viewer,
      nodeId,
      () => (owner ? { id: owner.id, username: owner.username } : null),
      () => {
        assertOneSource(imageName, body.template);
        owner = this.ownerFor(viewer, ownerName);
        quota = this.quotas.reserve(owner, quotaNeed(body, 1), isAdmin(viewer));
        try {
          lease = imageName ? this.images.lease(imageName, `creating "${body.name}"`) : undefined;
          return this.placeFor(nodeId, lease?.image ?? null);
        } catch (error) {
          quota.release();
          lease?.release();
          throw error;
        }
      },
    );
    const where = placement ? `, the least loaded node (score ${placement.candidates[0]!.score})` : '';
    const forWhom = owner!.id === viewer.userId ? '' : ` for ${owner!.username}`;
    const from = lease ? ` from image "${lease.image.name}"` : '';
    let delivered = '';
    return this.operations.start(
      {
        action: OperationAction.CREATE,
        board,
        instance: body.name,
        image: lease?.image.name,
        placement,
        event: refusable.event,
        attempt: refusable.attempt,
        done: (instance) => `Created "${body.name}"${forWhom}${from} (${instance?.state ?? 'state unknown'}) on "${board.name}"${where}${delivered}`,
        owner: { id: owner!.id, username: owner!.username },
        actor: viewer.actor,
        settled: (outcome) => {
          if (outcome.succeeded) this.ownership.set(board, body.name, owner!.id);
          quota!.release();
          lease?.release();
        },
      },
      async (handle) => {
        const outcome = await this.createOn(board, body, lease?.image ?? null, reservation, handle);
        delivered = outcome.delivered;
        return outcome.outcome;
      },
    );
  }

  /**
   * Sends the image to the node when it lacks it (progress on the operation),
   * then creates. The placement's reservation is released either way.
   */
  async createOn(
    board: Board,
    body: NodeCreateBody,
    image: ImageRecord | null,
    reservation: Reservation | undefined,
    handle: OperationHandle,
  ): Promise<{ outcome: ActionOutcome; delivered: string }> {
    if (!image) return { outcome: await board.create(body, reservation), delivered: '' };
    let delivered = '';
    try {
      const delivery = await this.distribution.deliver(board, image, (progress) => handle.progress(progress));
      delivered =
        delivery.sentBytes === 0
          ? '; the node had the image'
          : `; sent the image (${delivery.sentBytes} bytes${delivery.resumed ? ', resumed' : ''}${delivery.retried ? ', sent again after a corrupted copy' : ''})`;
    } catch (error) {
      reservation?.release();
      return { outcome: { succeeded: false, error: outcomeError(error, board), note: null }, delivered };
    }
    return { outcome: await board.create({ ...body, image: { sha256: image.sha256 } }, reservation), delivered };
  }

  /** The node named (its architecture checked against the image's), or the placed one, its share reserved. */
  placeFor(nodeId: string | undefined, image: ImageRecord | null): Placed {
    if (!nodeId) return this.place(image);
    const board = this.registry.operable(nodeId);
    if (image) {
      const architecture = board.requireArchitecture(`create from image "${image.name}"`);
      if (architecture !== image.architecture) {
        throw new UnprocessableEntityException(
          `Image "${image.name}" is for ${image.architecture}; node "${board.name}" is ${architecture}: choose a node of that architecture, or leave nodeId out`,
        );
      }
      this.distribution.expect(board, image.sha256);
    }
    return { board, placement: null };
  }

  act(viewer: Principal, nodeId: string, name: string, request: InstanceActionDto): OperationDto {
    const { operation, event, done } = ACTIONS[request.action];
    const attempt = `${request.action} "${name}"`;
    let quota: QuotaReservation | undefined;
    const { board } = this.refusedAtOnce({ event, instance: name, attempt }, viewer, nodeId, this.visibleOwner(viewer, nodeId, name), () => {
      const board = this.operable(viewer, nodeId, name);
      const startsOne = request.action !== InstanceAction.STOP && !this.isRunning(board, name);
      quota = this.quotas.reserve(this.ownership.ownerOf(board.id, name), { instances: 0, running: startsOne ? 1 : 0 }, isAdmin(viewer));
      return { board, placement: null };
    });
    return this.operations.start(
      {
        action: operation,
        board,
        instance: name,
        placement: null,
        event,
        attempt,
        done: (instance) => `${done} "${name}" on "${board.name}" (now ${instance?.state ?? 'unknown'})`,
        owner: this.ownership.entryOwner(board.id, name),
        actor: viewer.actor,
        settled: () => quota!.release(),
      },
      () => board.act(name, request),
    );
  }

  rename(viewer: Principal, nodeId: string, name: string, newName: string): OperationDto {
    const refusable = { event: EventAction.INSTANCE_RENAMED, instance: name, attempt: `rename "${name}" to "${newName}"` };
    const { board } = this.refusedAtOnce(refusable, viewer, nodeId, this.visibleOwner(viewer, nodeId, name), () => ({
      board: this.operable(viewer, nodeId, name),
      placement: null,
    }));
    return this.operations.start(
      {
        action: OperationAction.RENAME,
        board,
        instance: name,
        placement: null,
        event: refusable.event,
        attempt: refusable.attempt,
        done: () => `Renamed "${name}" to "${newName}" on "${board.name}"`,
        owner: this.ownership.entryOwner(board.id, name),
        actor: viewer.actor,
        settled: (outcome) => {
          if (outcome.succeeded) this.ownership.move(board, name, newName);
        },
      },
      () => board.rename(name, newName),
    );
  }

  remove(viewer: Principal, nodeId: string, name: string, force: boolean): OperationDto {
    const refusable = { event: EventAction.INSTANCE_DELETED, instance: name, attempt: `delete "${name}"` };
    const { board } = this.refusedAtOnce(refusable, viewer, nodeId, this.visibleOwner(viewer, nodeId, name), () => ({
      board: this.operable(viewer, nodeId, name),
      placement: null,
    }));
    return this.operations.start(
      {
        action: OperationAction.DELETE,
        board,
        instance: name,
        placement: null,
        event: refusable.event,
        attempt: refusable.attempt,
        done: () => `Deleted "${name}" on "${board.name}"${force ? ' (forced)' : ''}`,
        owner: this.ownership.entryOwner(board.id, name),
        actor: viewer.actor,
        settled: (outcome) => {
          if (outcome.succeeded) this.ownership.remove(board, name);
        },
      },
      () => board.remove(name, force),
    );
  }

  /** The board of an instance the viewer may change: 404 for no such node, or (to a member) an instance not theirs; 503 when it is down. */
  private operable(viewer: Principal, nodeId: string, name: string): Board {
    const board = this.registry.require(nodeId);
    this.ownership.assertVisible(viewer, board, name);
    board.assertOperable();
    return board;
  }

  /** Whose instance a refusal is about, when the viewer may see it; else nobody's (the entry is the admins'). */
  private visibleOwner(viewer: Principal, nodeId: string, name: string): () => EntryOwner | null {
    return () => (this.registry.find(nodeId) && this.ownership.maySee(viewer, nodeId, name) ? this.ownership.entryOwner(nodeId, name) : null);
  }

  /** The caller, or the user an admin names; a member may name only themself. */
  ownerFor(viewer: Principal, username: string | undefined): UserRecord {
    const caller = this.users.get(viewer.userId)!;
    if (username === undefined || username === caller.username) return caller;
    if (!isAdmin(viewer)) throw new ForbiddenException('Only a teacher (admin) can create an instance for someone else');
    const owner = this.users.findByUsername(username);
    if (!owner) throw new BadRequestException(`owner must be an existing username: there is no user "${username}" (see GET /api/users)`);
    return owner;
  }

  private isRunning(board: Board, name: string): boolean {
    const state = board.instances?.find((instance) => instance.name === name)?.state;
    return state !== undefined && state !== InstanceState.STOPPED;
  }

  /**
   * The least loaded board that can take an instance (PLACEMENT_FORMULA), its
   * share reserved at once so that the next create sees it, or 503 saying
   * why there is none.
   */
  private place(image: ImageRecord | null): Placed {
    const boards = this.registry.all();
    const fit = image ? boards.filter((board) => board.architecture === image.architecture) : boards;
    if (image && fit.length === 0 && boards.length > 0) {
      const seen = boards.map((board) => `"${board.name}" is ${board.architecture ?? 'of an unknown architecture (a compute node older than images)'}`);
      throw new UnprocessableEntityException(`No board runs ${image.architecture}, the architecture of image "${image.name}": ${seen.join('; ')}`);
    }
    const candidates = fit
      .map((board) => {
        const candidate = board.placementCandidate();
        return candidate && image ? { ...candidate, imageCached: this.distribution.believesCached(board, image.sha256) } : candidate;
      })
      .filter((candidate): candidate is PlacementCandidate => !!candidate);
    const ranked = rankForPlacement(candidates);
    if (ranked.length === 0) {
      throw new ServiceUnavailableException(
        boards.length === 0
          ? 'No compute node is registered: register one with POST /api/nodes'
          : `No ACTIVE node can take the instance: ${fit.map((board) => board.placeableProblem()).join('; ')}`,
      );
    }
    const board = this.registry.require(ranked[0]!.nodeId);
    if (image) this.distribution.expect(board, image.sha256);
    return { board, placement: { formula: PLACEMENT_FORMULA, candidates: ranked }, reservation: board.reserve() };
  }

  /** Runs what may refuse the change at once; a refusal is logged with the reason the caller gets. */
  refusedAtOnce(
    refusable: Refusable,
    viewer: Principal,
    nodeId: string | undefined,
    owner: () => EntryOwner | null,
    decide: () => Placed,
  ): Placed {
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
          actor: viewer.actor,
          owner: owner(),
        });
      }
      throw error;
    }
  }
}

/** 400 when a create names both an image and a template. */
export function assertOneSource(image: string | undefined, template: string | undefined): void {
  if (image !== undefined && template !== undefined) {
    throw new BadRequestException('Give image or template, not both: an instance is made from one of them');
  }
}

/** What a create holds of its owner's quota: one instance, running if started, its memory limit. */
export function quotaNeed(body: Pick<CreateInstanceDto, 'start' | 'limits'>, count: number): QuotaNeed {
  const memoryMiB = body.limits?.memoryMiB ?? null;
  return { instances: count, running: body.start ? count : 0, memoryMiB: (memoryMiB ?? 0) * count, unlimitedMemory: memoryMiB === null };
}
