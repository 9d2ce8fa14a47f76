import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { JoinTokenRecord } from '../join-tokens/join-token-record.js';
import { JoinTokenRepository } from '../join-tokens/join-token.repository.js';
import { ManagerDatabase } from './manager-database.js';

interface JoinTokenRow {
  id: string;
  token_hash: Buffer;
  note: string | null;
  single_use: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  uses: number;
  last_used_at: number | null;
}

type Use = Pick<JoinTokenRecord, 'id' | 'uses' | 'lastUsedAt'>;

@Injectable()
export class SqliteJoinTokenRepository extends JoinTokenRepository {
  private readonly selectAll: Statement<[], JoinTokenRow>;
  private readonly insertOne: Statement<[JoinTokenRow]>;
  private readonly revokeOne: Statement<[{ id: string; revoked_at: number }]>;
  private readonly useOne: Statement<[{ id: string; uses: number; last_used_at: number | null }]>;
  private readonly deleteEnded: Statement<[{ before: number }]>;
  private readonly useAll: (used: readonly Use[]) => void;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], JoinTokenRow>(
      'SELECT id, token_hash, note, single_use, created_at, expires_at, revoked_at, uses, last_used_at FROM join_tokens ORDER BY created_at, id',
    );
    this.insertOne = db.prepare<[JoinTokenRow]>(
      'INSERT INTO join_tokens (id, token_hash, note, single_use, created_at, expires_at, revoked_at, uses, last_used_at) ' +
        'VALUES (@id, @token_hash, @note, @single_use, @created_at, @expires_at, @revoked_at, @uses, @last_used_at)',
    );
    this.revokeOne = db.prepare('UPDATE join_tokens SET revoked_at = @revoked_at WHERE id = @id');
    this.useOne = db.prepare('UPDATE join_tokens SET uses = @uses, last_used_at = @last_used_at WHERE id = @id');
    this.deleteEnded = db.prepare('DELETE FROM join_tokens WHERE expires_at < @before OR revoked_at < @before');
    this.useAll = db.transaction((used: readonly Use[]) => {
      for (const entry of used) this.useOne.run({ id: entry.id, uses: entry.uses, last_used_at: entry.lastUsedAt?.getTime() ?? null });
    });
  }

  list(): JoinTokenRecord[] {
    return this.selectAll.all().map((row) => ({
      id: row.id,
      tokenHash: row.token_hash.toString('hex'),
      note: row.note,
      singleUse: row.single_use === 1,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
      uses: row.uses,
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    }));
  }

  insert(token: JoinTokenRecord): void {
    this.insertOne.run({
      id: token.id,
      token_hash: Buffer.from(token.tokenHash, 'hex'),
      note: token.note,
      single_use: token.singleUse ? 1 : 0,
      created_at: token.createdAt.getTime(),
      expires_at: token.expiresAt.getTime(),
      revoked_at: token.revokedAt?.getTime() ?? null,
      uses: token.uses,
      last_used_at: token.lastUsedAt?.getTime() ?? null,
    });
  }

  setRevokedAt(id: string, revokedAt: Date): void {
    this.revokeOne.run({ id, revoked_at: revokedAt.getTime() });
  }

  recordUses(used: readonly Use[]): void {
    if (used.length > 0) this.useAll(used);
  }

  removeEndedBefore(time: Date): number {
    return this.deleteEnded.run({ before: time.getTime() }).changes;
  }
}
