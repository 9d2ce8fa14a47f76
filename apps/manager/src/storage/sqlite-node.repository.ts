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
}

@Injectable()
export class SqliteNodeRepository extends NodeRepository {
  private readonly selectAll: Statement<[], NodeRow>;
  private readonly insertOne: Statement<[NodeRow]>;
  private readonly deleteOne: Statement<[string]>;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], NodeRow>('SELECT id, name, url, token, registered_at FROM nodes ORDER BY registered_at, id');
    this.insertOne = db.prepare<[NodeRow]>(
      'INSERT INTO nodes (id, name, url, token, registered_at) VALUES (@id, @name, @url, @token, @registered_at)',
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM nodes WHERE id = ?');
  }

  list(): NodeRecord[] {
    return this.selectAll.all().map((row) => ({
      id: row.id,
      name: row.name,
      url: row.url,
      token: row.token,
      registeredAt: new Date(row.registered_at),
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
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (message.includes('UNIQUE constraint failed: nodes.url')) throw new DuplicateNodeError('url', node.url);
      if (message.includes('UNIQUE constraint failed: nodes.name')) throw new DuplicateNodeError('name', node.name);
      throw error;
    }
  }

  remove(id: string): boolean {
    return this.deleteOne.run(id).changes > 0;
  }
}
