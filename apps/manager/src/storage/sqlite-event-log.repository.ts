import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { EventAction, EventResult } from '@tinystack/contracts';
import { EventLogRepository } from '../events/event-log.repository.js';
import type { EventPageRequest, EventRecord, NewEventRecord } from '../events/event-record.js';
import { ManagerDatabase } from './manager-database.js';

interface EventRow {
  id: number;
  at: number;
  action: string;
  result: string;
  node_id: string | null;
  node_name: string | null;
  instance: string | null;
  message: string;
  actor: string;
  owner_id: string | null;
  owner_name: string | null;
}

interface PageParameters {
  before: number;
  limit: number;
  node_id: string | null;
  owner_id: string | null;
}

@Injectable()
export class SqliteEventLogRepository extends EventLogRepository {
  private readonly insertOne: Statement<[Omit<EventRow, 'id'>]>;
  private readonly selectPage: Statement<[PageParameters], EventRow>;
  private readonly deleteAllButNewest: Statement<[number]>;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.insertOne = db.prepare<[Omit<EventRow, 'id'>]>(
      'INSERT INTO events (at, action, result, node_id, node_name, instance, message, actor, owner_id, owner_name) ' +
        'VALUES (@at, @action, @result, @node_id, @node_name, @instance, @message, @actor, @owner_id, @owner_name)',
    );
    this.selectPage = db.prepare<[PageParameters], EventRow>(
      'SELECT id, at, action, result, node_id, node_name, instance, message, actor, owner_id, owner_name FROM events ' +
        'WHERE id < @before AND (@node_id IS NULL OR node_id = @node_id) AND (@owner_id IS NULL OR owner_id = @owner_id) ' +
        'ORDER BY id DESC LIMIT @limit',
    );
    this.deleteAllButNewest = db.prepare<[number]>(
      'DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
  }

  append(event: NewEventRecord): EventRecord {
    const info = this.insertOne.run({
      at: event.at.getTime(),
      action: event.action,
      result: event.result,
      node_id: event.nodeId,
      node_name: event.nodeName,
      instance: event.instance,
      message: event.message,
      actor: event.actor,
      owner_id: event.ownerId,
      owner_name: event.ownerName,
    });
    return { id: Number(info.lastInsertRowid), ...event };
  }

  page(request: EventPageRequest): EventRecord[] {
    return this.selectPage
      .all({
        before: request.before ?? Number.MAX_SAFE_INTEGER,
        limit: request.limit,
        node_id: request.nodeId ?? null,
        owner_id: request.ownerId ?? null,
      })
      .map((row) => ({
        id: row.id,
        at: new Date(row.at),
        action: row.action as EventAction,
        result: row.result as EventResult,
        nodeId: row.node_id,
        nodeName: row.node_name,
        instance: row.instance,
        message: row.message,
        actor: row.actor,
        ownerId: row.owner_id,
        ownerName: row.owner_name,
      }));
  }

  keepNewest(count: number): number {
    return this.deleteAllButNewest.run(count).changes;
  }
}
