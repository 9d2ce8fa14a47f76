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
  /** A username, "admin token", "a node" or "the manager". */
  actor: string;
  /** The owner of the instance concerned (for a member's view of the log); null when none. */
  ownerId: string | null;
  /** Their username at the time. */
  ownerName: string | null;
}

export type NewEventRecord = Omit<EventRecord, 'id'>;

export interface EventPageRequest {
  limit: number;
  /** Only entries with a smaller id. */
  before?: number;
  nodeId?: string;
  /** Only entries about instances of this user. */
  ownerId?: string;
}
