import type { EventPageRequest, EventRecord, NewEventRecord } from './event-record.js';

/** Where the event log is kept. */
export abstract class EventLogRepository {
  abstract append(event: NewEventRecord): EventRecord;
  /** Newest first. */
  abstract page(request: EventPageRequest): EventRecord[];
  /** Deletes all but the newest `count` entries; returns how many went. */
  abstract keepNewest(count: number): number;
}
