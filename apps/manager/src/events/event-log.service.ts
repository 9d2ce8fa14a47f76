import { Injectable, Logger } from '@nestjs/common';
import {
  EventResult,
  ManagerEventType,
  type EventLogEntryDto,
  type EventLogPageDto,
  type EventLogQuery,
} from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { EventLogRepository } from './event-log.repository.js';
import type { EventRecord, NewEventRecord } from './event-record.js';
import { ManagerEventBus } from './manager-event-bus.js';

export const DEFAULT_EVENT_PAGE_SIZE = 100;

/** The log of every action through the manager and every node state change: stored, then streamed. */
@Injectable()
export class EventLog {
  private readonly logger = new Logger('Events');

  constructor(
    private readonly repository: EventLogRepository,
    private readonly bus: ManagerEventBus,
    private readonly clock: Clock,
  ) {}

  record(event: Omit<NewEventRecord, 'at'>): EventLogEntryDto {
    const entry = toEventLogEntryDto(this.repository.append({ ...event, at: this.clock.now() }));
    // A failure (a node UNREACHABLE, a refused create) must not read like a success.
    const line = `${entry.action} ${entry.result}: ${entry.message}`;
    if (entry.result === EventResult.FAILURE) this.logger.warn(line);
    else this.logger.log(line);
    this.bus.publish(() => ({ type: ManagerEventType.ACTION, at: entry.at, entry }));
    return entry;
  }

  page(query: EventLogQuery): EventLogPageDto {
    const limit = query.limit ?? DEFAULT_EVENT_PAGE_SIZE;
    // One more than asked says whether an older page exists.
    const records = this.repository.page({ limit: limit + 1, before: query.before, nodeId: query.nodeId });
    const events = records.slice(0, limit).map(toEventLogEntryDto);
    return { events, nextBefore: records.length > limit ? events[events.length - 1]!.id : null };
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
  };
}
