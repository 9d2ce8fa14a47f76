import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { SessionOrigin, SessionRecord } from '../sessions/session-record.js';
import { SessionRepository } from '../sessions/session.repository.js';
import { ManagerDatabase } from './manager-database.js';

interface SessionRow {
  id_hash: Buffer;
  user_id: string;
  origin: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

@Injectable()
export class SqliteSessionRepository extends SessionRepository {
  private readonly selectAll: Statement<[], SessionRow>;
  private readonly insertOne: Statement<[SessionRow]>;
  private readonly touchOne: Statement<[{ id_hash: Buffer; last_seen_at: number }]>;
  private readonly deleteOne: Statement<[Buffer]>;
  private readonly touchAll: (seen: ReadonlyArray<{ idHash: string; lastSeenAt: Date }>) => void;
  private readonly deleteAll: (idHashes: readonly string[]) => void;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], SessionRow>('SELECT id_hash, user_id, origin, created_at, last_seen_at, expires_at FROM sessions');
    this.insertOne = db.prepare<[SessionRow]>(
      'INSERT INTO sessions (id_hash, user_id, origin, created_at, last_seen_at, expires_at) ' +
        'VALUES (@id_hash, @user_id, @origin, @created_at, @last_seen_at, @expires_at)',
    );
    this.touchOne = db.prepare('UPDATE sessions SET last_seen_at = @last_seen_at WHERE id_hash = @id_hash');
    this.deleteOne = db.prepare<[Buffer]>('DELETE FROM sessions WHERE id_hash = ?');
    this.touchAll = db.transaction((seen: ReadonlyArray<{ idHash: string; lastSeenAt: Date }>) => {
      for (const entry of seen) this.touchOne.run({ id_hash: Buffer.from(entry.idHash, 'hex'), last_seen_at: entry.lastSeenAt.getTime() });
    });
    this.deleteAll = db.transaction((idHashes: readonly string[]) => {
      for (const idHash of idHashes) this.deleteOne.run(Buffer.from(idHash, 'hex'));
    });
  }

  list(): SessionRecord[] {
    return this.selectAll.all().map((row) => ({
      idHash: row.id_hash.toString('hex'),
      userId: row.user_id,
      origin: row.origin as SessionOrigin,
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
      expiresAt: new Date(row.expires_at),
    }));
  }

  insert(session: SessionRecord): void {
    this.insertOne.run({
      id_hash: Buffer.from(session.idHash, 'hex'),
      user_id: session.userId,
      origin: session.origin,
      created_at: session.createdAt.getTime(),
      last_seen_at: session.lastSeenAt.getTime(),
      expires_at: session.expiresAt.getTime(),
    });
  }

  touch(seen: ReadonlyArray<{ idHash: string; lastSeenAt: Date }>): void {
    if (seen.length > 0) this.touchAll(seen);
  }

  remove(idHashes: readonly string[]): void {
    if (idHashes.length > 0) this.deleteAll(idHashes);
  }
}
