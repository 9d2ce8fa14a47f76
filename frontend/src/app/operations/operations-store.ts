import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiError, describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { Operation } from '../api/manager-api.types';
import { followLiveEvents } from '../live/follow-live-events';

/** Ends kept for the answer (202) of an operation whose end the stream told first (a delete takes milliseconds). */
const KEPT_OUTCOMES = 200;

/** The instance an operation is about, as the instance list keys its rows: node id and name (the old name of a rename). */
export const operationKey = (operation: Pick<Operation, 'nodeId' | 'instance'>) => `${operation.nodeId}/${operation.instance}`;

/**
 * The operations running on the manager, whoever started them (this tab,
 * another one, the CLI): listed once per page visit (GET
 * /api/operations?status=running), then kept current by the stream's
 * `operation` events, and listed again after the stream was lost, when
 * events may have been missed. `follow` gives an operation's end without
 * keeping a request open for it: from its event, or after a drop from one
 * read of the operation.
 */
@Injectable({ providedIn: 'root' })
export class OperationsStore {
  private readonly api = inject(ManagerApi);
  private readonly runningById = signal<ReadonlyMap<string, Operation>>(new Map());
  /** Finished operations by id, oldest first. */
  private readonly outcomes = new Map<string, Operation>();
  /** What to call when an operation someone here waits for ends. */
  private readonly followers = new Map<string, ((operation: Operation) => void)[]>();
  private listed = false;

  readonly running = computed(() => [...this.runningById().values()]);
  readonly loadError = signal<string | null>(null);

  constructor() {
    followLiveEvents({
      onEvent: (event) => {
        if (event.type === 'operation') this.apply(event.operation);
      },
      onResumed: () => {
        if (this.listed || this.followers.size > 0) void this.load();
      },
    });
  }

  async load(): Promise<void> {
    let running: Operation[];
    try {
      running = await this.api.listOperations({ status: 'running' });
    } catch (error) {
      this.loadError.set(describeFailure(error));
      return;
    }
    this.listed = true;
    this.loadError.set(null);
    const listed = new Set(running.map((operation) => operation.id));
    for (const operation of running) this.apply(operation);
    // Running here but not in the list: it ended while the stream was away, or began after the list was made.
    const unlisted = [...this.runningById().values()].filter((operation) => !listed.has(operation.id));
    await Promise.all(unlisted.map((operation) => this.reread(operation)));
  }

  /** Takes an operation the manager just accepted; resolves with it once it is no longer running. */
  follow(operation: Operation): Promise<Operation> {
    this.apply(operation);
    const outcome = this.outcomes.get(operation.id);
    if (outcome) return Promise.resolve(outcome);
    return new Promise((resolve) => this.followers.set(operation.id, [...(this.followers.get(operation.id) ?? []), resolve]));
  }

  private async reread(operation: Operation): Promise<void> {
    try {
      this.apply(await this.api.operation(operation.id));
    } catch (error) {
      // Any other failure leaves it as it is: the next resumption reads it again.
      if (!(error instanceof ApiError && error.status === 404)) return;
      this.apply({
        ...operation,
        status: 'failed',
        error: {
          statusCode: 404,
          message:
            'The manager no longer knows this operation (it keeps them in memory: was it restarted?); the event log has its outcome',
        },
      });
    }
  }

  private apply(operation: Operation): void {
    if (operation.status === 'running') {
      // Its end is known already: this is an older picture of it (a list made before it ended).
      if (!this.outcomes.has(operation.id)) this.runningById.update((running) => new Map(running).set(operation.id, operation));
      return;
    }
    this.outcomes.set(operation.id, operation);
    if (this.outcomes.size > KEPT_OUTCOMES) this.outcomes.delete(this.outcomes.keys().next().value!);
    if (this.runningById().has(operation.id)) {
      this.runningById.update((running) => {
        const next = new Map(running);
        next.delete(operation.id);
        return next;
      });
    }
    const waiting = this.followers.get(operation.id) ?? [];
    this.followers.delete(operation.id);
    for (const ended of waiting) ended(operation);
  }
}
