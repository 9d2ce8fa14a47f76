import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { PreferenceRepository } from '../preferences/preference.repository.js';
import { ManagerDatabase } from './manager-database.js';

@Injectable()
export class SqlitePreferenceRepository extends PreferenceRepository {
  private readonly selectOne: Statement<[string], { value: string }>;
  private readonly upsertOne: Statement<[{ key: string; value: string }]>;
  private readonly deleteOne: Statement<[string]>;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectOne = db.prepare<[string], { value: string }>('SELECT value FROM preferences WHERE key = ?');
    this.upsertOne = db.prepare('INSERT INTO preferences (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.deleteOne = db.prepare<[string]>('DELETE FROM preferences WHERE key = ?');
  }

  get(key: string): unknown {
    const row = this.selectOne.get(key);
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  set(key: string, value: unknown): void {
    this.upsertOne.run({ key, value: JSON.stringify(value) });
  }

  remove(key: string): void {
    this.deleteOne.run(key);
  }
}
