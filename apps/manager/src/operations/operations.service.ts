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
  type PlacementDto,
} from '@tinystack/contracts';
import type { ActionOutcome, Board } from '../boards/board.js';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import { ManagerEventBus } from '../events/manager-event-bus.js';

export const DEFAULT_OPERATION_LIST_LIMIT = 100;

/** What an operation is about, and the words of its event log entry. */
export interface OperationSpec {
  action: OperationAction;
  board: Board;
  instance: string;
  placement: PlacementDto | null;
  event: EventAction;
  /** What was tried, for a failure entry: 'create "web1"' */
  attempt: string;
  /** The success entry, from the instance after the change (null for a delete). */
  done: (instance: InstanceDetailsDto | null) => string;
}

interface Entry {
  operation: OperationDto;
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
  start(spec: OperationSpec, run: () => Promise<ActionOutcome>): OperationDto {
    this.prune();
    const operation: OperationDto = {
      id: randomUUID(),
      action: spec.action,
      nodeId: spec.board.id,
      nodeName: spec.board.name,
      instance: spec.instance,
      status: OperationStatus.RUNNING,
      createdAt: this.clock.now().toISOString(),
      finishedAt: null,
      result: null,
      placement: spec.placement,
      error: null,
      note: null,
    };
    const finished = run()
      .catch((error: unknown): ActionOutcome => {
        this.logger.error(`The ${spec.attempt} operation broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return { succeeded: false, error: { statusCode: 500, message: 'Internal error: the server log has the details' }, note: null };
      })
      .then((outcome) => this.finish(operation, spec, outcome));
    this.entries.set(operation.id, { operation, finished });
    this.publish(operation);
    return { ...operation };
  }

  get(id: string): OperationDto {
    return { ...this.require(id).operation };
  }

  /** The operation once it is no longer running, or as it is when `seconds` have passed. */
  async wait(id: string, seconds: number): Promise<OperationDto> {
    const entry = this.require(id);
    if (seconds > 0 && entry.operation.status === OperationStatus.RUNNING) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000)));
      await Promise.race([entry.finished, waited]);
      clearTimeout(timer);
    }
    return { ...entry.operation };
  }

  /** Newest first. */
  list(query: OperationListQuery): OperationDto[] {
    this.prune();
    const limit = query.limit ?? DEFAULT_OPERATION_LIST_LIMIT;
    const found: OperationDto[] = [];
    const all = [...this.entries.values()];
    for (let index = all.length - 1; index >= 0 && found.length < limit; index--) {
      const { operation } = all[index]!;
      if (!query.status || operation.status === query.status) found.push({ ...operation });
    }
    return found;
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) {
      throw new NotFoundException(
        `No operation with id "${id}": operations are kept in memory for an hour after they finish (the event log keeps their outcome)`,
      );
    }
    return entry;
  }

  private finish(operation: OperationDto, spec: OperationSpec, outcome: ActionOutcome): void {
    operation.finishedAt = this.clock.now().toISOString();
    operation.note = outcome.note;
    const note = outcome.note ? ` (${outcome.note})` : '';
    const entry = { action: spec.event, nodeId: spec.board.id, nodeName: spec.board.name, instance: spec.instance };
    if (outcome.succeeded) {
      operation.status = OperationStatus.SUCCEEDED;
      operation.result = outcome.instance ? { ...outcome.instance, nodeId: spec.board.id, nodeName: spec.board.name } : null;
      this.eventLog.record({ ...entry, result: EventResult.SUCCESS, message: `${spec.done(outcome.instance)}${note}` });
    } else {
      operation.status = OperationStatus.FAILED;
      operation.error = { statusCode: outcome.error.statusCode, message: outcome.error.message };
      this.eventLog.record({ ...entry, result: EventResult.FAILURE, message: `Could not ${spec.attempt}: ${outcome.error.message}${note}` });
    }
    this.publish(operation);
  }

  private publish(operation: OperationDto): void {
    this.bus.publish(() => ({ type: ManagerEventType.OPERATION, at: this.clock.now().toISOString(), operation: { ...operation } }));
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
