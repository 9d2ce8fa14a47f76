import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EventResult,
  KEPT_OPERATION_AGE_MS,
  ManagerEventType,
  MAX_KEPT_OPERATIONS,
  OperationStatus,
  type EventAction,
  type InstanceDetailsDto,
  type OperationAction,
  type OperationDto,
  type OperationListQuery,
  type OperationProgressDto,
  type OperationItemResultDto,
  type PlacementDto,
} from '@tinystack/contracts';
import { isAdmin, type Principal } from '../auth/principal.js';
import type { ActionOutcome, Board } from '../boards/board.js';
import { Clock } from '../clock/clock.js';
import { EventLog, type EntryOwner } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';

export const DEFAULT_OPERATION_LIST_LIMIT = 100;
/** Progress is streamed at most this often per operation: a 1 GB transfer is not 16 000 events. */
export const PROGRESS_EVENT_INTERVAL_MS = 500;

/** What an operation is about, and the words of its event log entry. */
export interface OperationSpec {
  action: OperationAction;
  /** null: an operation over several nodes (a warm, a batch). */
  board: Board | null;
  instance: string;
  /** The image it creates from, publishes or distributes. */
  image?: string;
  placement: PlacementDto | null;
  event: EventAction;
  /** What was tried, for a failure entry: 'create "web1"' */
  attempt: string;
  /** The success entry, from the instance after the change (null for a delete). */
  done: (instance: InstanceDetailsDto | null) => string;
  /** Whose instance it is (for a create: whom it is for): they and the admins see the operation. */
  owner: EntryOwner;
  /** Who asked: a username or "admin token". */
  actor: string;
  /**
   * Runs once the node's outcome is known, before the operation is logged and
   * published: an owner is recorded there, a quota reservation released.
   */
  settled?: (outcome: ActionOutcome) => void;
}

/** What a running operation may tell while it runs. */
export interface OperationHandle {
  /** Bytes moved so far of an image transfer: on the operation, and on the event stream (at most every PROGRESS_EVENT_INTERVAL_MS). */
  progress(progress: { bytes: number; totalBytes: number; phase: string; nodeName?: string | null }): void;
  /** The node it now runs on (a create whose placement was decided when the image was there). */
  placedOn(board: Board): void;
  /** Per-item results so far (a batch, a warm): published at once. */
  results(results: OperationItemResultDto[]): void;
}

interface Entry {
  operation: OperationDto;
  ownerId: string;
  finished: Promise<void>;
}

/**
 * Changes sent to nodes, followed until the node's outcome is known (the LXD
 * model): created at once, finished with what the node did, every change
 * streamed as an `operation` event, the outcome logged. Kept in memory: the
 * newest MAX_KEPT_OPERATIONS, none that finished over an hour ago.
 */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger('Operations');
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly bus: ManagerEventBus,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
  ) {}

  /** Starts `run` now (so that its reservations count at once) and answers the running operation. */
  start(spec: OperationSpec, run: (handle: OperationHandle) => Promise<ActionOutcome>): OperationDto {
    this.prune();
    const operation: OperationDto = {
      id: randomUUID(),
      action: spec.action,
      nodeId: spec.board?.id ?? null,
      nodeName: spec.board?.name ?? null,
      instance: spec.instance,
      image: spec.image ?? null,
      owner: spec.owner.username,
      actor: spec.actor,
      status: OperationStatus.RUNNING,
      createdAt: this.clock.now().toISOString(),
      finishedAt: null,
      result: null,
      placement: spec.placement,
      error: null,
      note: null,
      progress: null,
      results: null,
    };
    const finished = run(this.handle(operation, spec))
      .catch((error: unknown): ActionOutcome => {
        this.logger.error(`The ${spec.attempt} operation broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { succeeded: false, error: { statusCode: 500, message: 'Internal error: the server log has the details' }, note: null };
      })
      .then((outcome) => this.finish(operation, spec, outcome));
    this.entries.set(operation.id, { operation, ownerId: spec.owner.id, finished });
    this.publish(operation, spec.owner.id);
    return { ...operation };
  }

  private handle(operation: OperationDto, spec: OperationSpec): OperationHandle {
    let publishedAt = 0;
    return {
      progress: ({ bytes, totalBytes, phase, nodeName }) => {
        const percent = totalBytes > 0 ? Math.min(100, Math.floor((bytes / totalBytes) * 1000) / 10) : 100;
        const progress: OperationProgressDto = { phase, bytes, totalBytes, percent, nodeName: nodeName ?? operation.nodeName };
        operation.progress = progress;
        const now = this.clock.now().getTime();
        if (now - publishedAt >= PROGRESS_EVENT_INTERVAL_MS || bytes >= totalBytes) {
          publishedAt = now;
          this.publish(operation, spec.owner.id);
        }
      },
      placedOn: (board) => {
        spec.board = board;
        operation.nodeId = board.id;
        operation.nodeName = board.name;
      },
      results: (results) => {
        operation.results = results.map((result) => ({ ...result }));
        this.publish(operation, spec.owner.id);
      },
    };
  }

  get(id: string, viewer: Principal): OperationDto {
    return { ...this.require(id, viewer).operation };
  }

  /** The operation once it is no longer running, or as it is when `seconds` have passed. */
  async wait(id: string, seconds: number, viewer: Principal): Promise<OperationDto> {
    const entry = this.require(id, viewer);
    if (seconds > 0 && entry.operation.status === OperationStatus.RUNNING) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000)));
      await Promise.race([entry.finished, waited]);
      clearTimeout(timer);
    }
    return { ...entry.operation };
  }

  /** Newest first; a member's own only. */
  list(query: OperationListQuery, viewer: Principal): OperationDto[] {
    this.prune();
    const limit = query.limit ?? DEFAULT_OPERATION_LIST_LIMIT;
    const found: OperationDto[] = [];
    const all = [...this.entries.values()];
    for (let index = all.length - 1; index >= 0 && found.length < limit; index--) {
      const { operation, ownerId } = all[index]!;
      if (!isAdmin(viewer) && ownerId !== viewer.userId) continue;
      if (!query.status || operation.status === query.status) found.push({ ...operation });
    }
    return found;
  }

  /** Someone else's operation is to a member what a forgotten one is: not there. */
  private require(id: string, viewer: Principal): Entry {
    const entry = this.entries.get(id);
    if (!entry || (!isAdmin(viewer) && entry.ownerId !== viewer.userId)) {
      throw new NotFoundException(
        `No operation with id "${id}": operations are kept in memory for an hour after they finish (the event log keeps their outcome)`,
      );
    }
    return entry;
  }

  private finish(operation: OperationDto, spec: OperationSpec, outcome: ActionOutcome): void {
    try {
      spec.settled?.(outcome);
    } catch (error) {
      this.logger.error(`After the ${spec.attempt} operation: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    operation.finishedAt = this.clock.now().toISOString();
    operation.note = outcome.note;
    const note = outcome.note ? ` (${outcome.note})` : '';
    const entry = {
      action: spec.event,
      nodeId: spec.board?.id ?? null,
      nodeName: spec.board?.name ?? null,
      instance: spec.instance,
      actor: spec.actor,
      owner: spec.owner,
    };
    if (outcome.succeeded) {
      operation.status = OperationStatus.SUCCEEDED;
      operation.result =
        outcome.instance && spec.board
          ? { ...outcome.instance, nodeId: spec.board.id, nodeName: spec.board.name, owner: spec.owner.username }
          : null;
      this.eventLog.record({ ...entry, result: EventResult.SUCCESS, message: `${spec.done(outcome.instance)}${note}` });
    } else {
      operation.status = OperationStatus.FAILED;
      operation.error = { statusCode: outcome.error.statusCode, message: outcome.error.message };
      this.eventLog.record({ ...entry, result: EventResult.FAILURE, message: `Could not ${spec.attempt}: ${outcome.error.message}${note}` });
    }
    this.publish(operation, spec.owner.id);
  }

  private publish(operation: OperationDto, ownerId: string): void {
    this.bus.publish(() => ({ type: ManagerEventType.OPERATION, at: this.clock.now().toISOString(), operation: { ...operation } }), { ownerId });
  }

  private prune(): void {
    const cutoff = this.clock.now().getTime() - KEPT_OPERATION_AGE_MS;
    for (const [id, { operation }] of this.entries) {
      if (operation.finishedAt !== null && Date.parse(operation.finishedAt) < cutoff) this.entries.delete(id);
    }
    // Oldest first: the map keeps creation order. A running operation stays, its outcome is still to come.
    for (const [id, { operation }] of this.entries) {
      if (this.entries.size < MAX_KEPT_OPERATIONS) break;
      if (operation.status !== OperationStatus.RUNNING) this.entries.delete(id);
    }
  }
}
