import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { DuplicateNodeError, NodeRepository } from '../nodes/node.repository.js';
import type { NodeRecord } from '../nodes/node-record.js';
import { ManagerDatabase } from './manager-database.js';

interface NodeRow {
  id: string;
  name: string;
  url: string;
  token: string;
  registered_at: number;
  compute_id: string | null;
}

@Injectable()
export class SqliteNodeRepository extends NodeRepository {
  private readonly selectAll: Statement<[], NodeRow>;
  private readonly insertOne: Statement<[NodeRow]>;
  private readonly deleteOne: Statement<[string]>;
  private readonly updateComputeId: Statement<[{ id: string; compute_id: string }]>;
  private readonly updateConnection: Statement<[{ id: string; url: string; token: string }]>;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], NodeRow>(
      'SELECT id, name, url, token, registered_at, compute_id FROM nodes ORDER BY registered_at, id',
    );
    this.insertOne = db.prepare<[NodeRow]>(
      'INSERT INTO nodes (id, name, url, token, registered_at, compute_id) ' +
        'VALUES (@id, @name, @url, @token, @registered_at, @compute_id)',
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM nodes WHERE id = ?');
    this.updateComputeId = db.prepare<[{ id: string; compute_id: string }]>('UPDATE nodes SET compute_id = @compute_id WHERE id = @id');
    this.updateConnection = db.prepare<[{ id: string; url: string; token: string }]>('UPDATE nodes SET url = @url, token = @token WHERE id = @id');
  }

  list(): NodeRecord[] {
    return this.selectAll.all().map((row) => ({
      id: row.id,
      name: row.name,
      url: row.url,
      token: row.token,
      registeredAt: new Date(row.registered_at),
      computeId: row.compute_id,
    }));
  }

  insert(node: NodeRecord): void {
    try {
      this.insertOne.run({
        id: node.id,
        name: node.name,
        url: node.url,
        token: node.token,
        registered_at: node.registeredAt.getTime(),
        compute_id: node.computeId,
      });
    } catch (error) {
      throw duplicate(error, node) ?? error;
    }
  }

  setComputeId(id: string, computeId: string): void {
    try {
      this.updateComputeId.run({ id, compute_id: computeId });
    } catch (error) {
      throw duplicate(error, { url: '', name: '', computeId }) ?? error;
    }
  }

  setConnection(id: string, url: string, token: string): void {
    try {
      this.updateConnection.run({ id, url, token });
    } catch (error) {
      throw duplicate(error, { url, name: '', computeId: null }) ?? error;
    }
  }

  remove(id: string): boolean {
    return this.deleteOne.run(id).changes > 0;
  }
}

function duplicate(error: unknown, node: Pick<NodeRecord, 'url' | 'name' | 'computeId'>): DuplicateNodeError | null {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('UNIQUE constraint failed: nodes.url')) return new DuplicateNodeError('url', node.url);
  if (message.includes('UNIQUE constraint failed: nodes.name')) return new DuplicateNodeError('name', node.name);
  if (message.includes('UNIQUE constraint failed: nodes.compute_id')) return new DuplicateNodeError('computeId', node.computeId ?? '');
  return null;
}
