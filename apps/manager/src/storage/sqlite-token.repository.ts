import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { TokenRecord } from '../tokens/token-record.js';
import { TokenRepository } from '../tokens/token.repository.js';
import { ManagerDatabase } from './manager-database.js';

interface TokenRow {
  id: string;
  kind: string;
  user_id: string;
  name: string;
  token_hash: Buffer;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

@Injectable()
export class SqliteTokenRepository extends TokenRepository {
  private readonly selectAll: Statement<[], TokenRow>;
  private readonly insertOne: Statement<[TokenRow]>;
  private readonly touchOne: Statement<[{ id: string; last_used_at: number }]>;
  private readonly deleteOne: Statement<[string]>;
  private readonly touchAll: (used: ReadonlyArray<{ id: string; lastUsedAt: Date }>) => void;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], TokenRow>(
      'SELECT id, kind, user_id, name, token_hash, created_at, expires_at, last_used_at FROM api_tokens ORDER BY created_at, id',
    );
    this.insertOne = db.prepare<[TokenRow]>(
      'INSERT INTO api_tokens (id, kind, user_id, name, token_hash, created_at, expires_at, last_used_at) ' +
        'VALUES (@id, @kind, @user_id, @name, @token_hash, @created_at, @expires_at, @last_used_at)',
    );
    this.touchOne = db.prepare('UPDATE api_tokens SET last_used_at = @last_used_at WHERE id = @id');
    this.deleteOne = db.prepare<[string]>('DELETE FROM api_tokens WHERE id = ?');
    this.touchAll = db.transaction((used: ReadonlyArray<{ id: string; lastUsedAt: Date }>) => {
      for (const entry of used) this.touchOne.run({ id: entry.id, last_used_at: entry.lastUsedAt.getTime() });
    });
  }

  list(): TokenRecord[] {
    return this.selectAll.all().map((row) => ({
      id: row.id,
      kind: row.kind === 'device' ? 'device' : 'personal',
      userId: row.user_id,
      name: row.name,
      tokenHash: row.token_hash.toString('hex'),
      createdAt: new Date(row.created_at),
      expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    }));
  }

  insert(token: TokenRecord): void {
    this.insertOne.run({
      id: token.id,
      kind: token.kind,
      user_id: token.userId,
      name: token.name,
      token_hash: Buffer.from(token.tokenHash, 'hex'),
      created_at: token.createdAt.getTime(),
      expires_at: token.expiresAt?.getTime() ?? null,
      last_used_at: token.lastUsedAt?.getTime() ?? null,
    });
  }

  touch(used: ReadonlyArray<{ id: string; lastUsedAt: Date }>): void {
    if (used.length > 0) this.touchAll(used);
  }

  remove(id: string): void {
    this.deleteOne.run(id);
  }
}
