import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  EventResult,
  ManagerEventType,
  type EventLogEntryDto,
  type EventLogPageDto,
  type EventLogQuery,
} from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { DatabaseHealth } from '../storage/database-health.js';
import { EventLogRepository } from './event-log.repository.js';
import type { EventRecord, NewEventRecord } from './event-record.js';
import { ManagerEventBus } from './manager-event-bus.js';

/** The owner of the instance an entry is about. */
export interface EntryOwner {
  id: string;
  username: string;
}

/** An entry as a caller records it: who did it, and whose instance it concerns (null: none, admins only). */
export type NewEntry = Omit<NewEventRecord, 'at' | 'ownerId' | 'ownerName'> & { owner: EntryOwner | null };

export const DEFAULT_EVENT_PAGE_SIZE = 100;
/** Entries kept in memory while the database cannot be written; beyond it the oldest go (and /health says so). */
export const MAX_PENDING_EVENTS = 1000;
/** How often entries kept in memory are tried again. */
export const EVENT_RETRY_MS = 5000;

/**
 * The log of every action through the manager and every node state change:
 * stored, then streamed. An entry that cannot be stored (the disk is full)
 * is kept in memory, in order, and stored once the database takes writes
 * again; the action it records has happened all the same.
 */
@Injectable()
export class EventLog implements OnModuleDestroy {
  private readonly logger = new Logger('Events');
  private readonly pending: NewEventRecord[] = [];
  private lost = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: EventLogRepository,
    private readonly bus: ManagerEventBus,
    private readonly clock: Clock,
    private readonly database: DatabaseHealth,
  ) {}

  record(entry: NewEntry): void {
    const { owner, ...rest } = entry;
    const event = { ...rest, ownerId: owner?.id ?? null, ownerName: owner?.username ?? null };
    // A failure (a node UNREACHABLE, a refused create) must not read like a success.
    const line = `${event.action} ${event.result} (${event.actor}): ${event.message}`;
    if (event.result === EventResult.FAILURE) this.logger.warn(line);
    else this.logger.log(line);
    if (this.pending.length >= MAX_PENDING_EVENTS) {
      this.pending.shift();
      this.lost += 1;
    }
    this.pending.push({ ...event, at: this.clock.now() });
    this.flush();
  }

  /** Newest first; `ownerId`: only the entries about that user's instances (what a member may read). */
  page(query: EventLogQuery, scope: { ownerId?: string } = {}): EventLogPageDto {
    const limit = query.limit ?? DEFAULT_EVENT_PAGE_SIZE;
    // One more than asked says whether an older page exists.
    const records = this.repository.page({ limit: limit + 1, before: query.before, nodeId: query.nodeId, ownerId: scope.ownerId });
    const events = records.slice(0, limit).map(toEventLogEntryDto);
    return { events, nextBefore: records.length > limit ? events[events.length - 1]!.id : null };
  }

  /** Entries waiting for the database, and entries lost while it could not be written. */
  problems(): string[] {
    const problems: string[] = [];
    if (this.pending.length > 0) problems.push(`${this.pending.length} event log entries wait in memory until the database can be written`);
    if (this.lost > 0) problems.push(`${this.lost} event log entries were lost while the database could not be written`);
    return problems;
  }

  onModuleDestroy(): void {
    clearTimeout(this.retry);
  }

  private flush(): void {
    while (this.pending.length > 0) {
      let stored: EventRecord;
      try {
        stored = this.database.write(() => this.repository.append(this.pending[0]!));
      } catch (error) {
        if (!this.retry) {
          this.logger.warn(`Event log entries are kept in memory until the database can be written: ${(error as Error).message}`);
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.flush();
          }, EVENT_RETRY_MS).unref();
        }
        return;
      }
      this.pending.shift();
      const entry = toEventLogEntryDto(stored);
      this.bus.publish(() => ({ type: ManagerEventType.ACTION, at: entry.at, entry }), { ownerId: stored.ownerId });
    }
  }
}

function toEventLogEntryDto(record: EventRecord): EventLogEntryDto {
  return {
    id: record.id,
    at: record.at.toISOString(),
    action: record.action,
    result: record.result,
    nodeId: record.nodeId,
    nodeName: record.nodeName,
    instance: record.instance,
    message: record.message,
    actor: record.actor,
    owner: record.ownerName,
  };
}
