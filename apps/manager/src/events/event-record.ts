import type { EventAction, EventResult } from '@tinystack/contracts';

export interface EventRecord {
  id: number;
  at: Date;
  action: EventAction;
  result: EventResult;
  nodeId: string | null;
  nodeName: string | null;
  instance: string | null;
  message: string;
}

export type NewEventRecord = Omit<EventRecord, 'id'>;

export interface EventPageRequest {
  limit: number;
  /** Only entries with a smaller id. */
  before?: number;
  nodeId?: string;
}
