import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { OwnershipRepository, type OwnershipRecord } from '../ownership/ownership.repository.js';
import { ManagerDatabase } from './manager-database.js';

interface OwnerRow {
  node_id: string;
  instance: string;
  owner_id: string;
}

@Injectable()
export class SqliteOwnershipRepository extends OwnershipRepository {
  private readonly selectAll: Statement<[], OwnerRow>;
  private readonly upsertOne: Statement<[OwnerRow]>;
  private readonly deleteOne: Statement<[string, string]>;
  private readonly deleteOwner: Statement<[string]>;
  private readonly renameOne: (nodeId: string, from: string, to: string) => void;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], OwnerRow>('SELECT node_id, instance, owner_id FROM instance_owners');
    this.upsertOne = db.prepare<[OwnerRow]>(
      'INSERT INTO instance_owners (node_id, instance, owner_id) VALUES (@node_id, @instance, @owner_id) ' +
        'ON CONFLICT (node_id, instance) DO UPDATE SET owner_id = excluded.owner_id',
    );
    this.deleteOne = db.prepare<[string, string]>('DELETE FROM instance_owners WHERE node_id = ? AND instance = ?');
    this.deleteOwner = db.prepare<[string]>('DELETE FROM instance_owners WHERE owner_id = ?');
    const moveOne = db.prepare<[{ node_id: string; from: string; to: string }]>(
      'UPDATE instance_owners SET instance = @to WHERE node_id = @node_id AND instance = @from',
    );
    this.renameOne = db.transaction((nodeId: string, from: string, to: string) => {
      // The new name may carry a stale row (an instance deleted behind the manager's back): the moved one wins.
      this.deleteOne.run(nodeId, to);
      moveOne.run({ node_id: nodeId, from, to });
    });
  }

  list(): OwnershipRecord[] {
    return this.selectAll.all().map((row) => ({ nodeId: row.node_id, instance: row.instance, ownerId: row.owner_id }));
  }

  set(record: OwnershipRecord): void {
    this.upsertOne.run({ node_id: record.nodeId, instance: record.instance, owner_id: record.ownerId });
  }

  remove(nodeId: string, instance: string): void {
    this.deleteOne.run(nodeId, instance);
  }

  move(nodeId: string, from: string, to: string): void {
    this.renameOne(nodeId, from, to);
  }

  removeAllOf(ownerId: string): void {
    this.deleteOwner.run(ownerId);
  }
}
