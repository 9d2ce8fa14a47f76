import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import type { UserRole } from '@tinystack/contracts';
import type { UserRecord } from '../users/user-record.js';
import { DuplicateUsernameError, UserRepository } from '../users/user.repository.js';
import { ManagerDatabase } from './manager-database.js';

interface UserRow {
  id: string;
  username: string;
  role: string;
  password_hash: string | null;
  must_change_password: number;
  disabled: number;
  built_in: number;
  quota_instances: number | null;
  quota_running: number | null;
  quota_memory_mib: number | null;
  created_at: number;
}

const COLUMNS =
  'id, username, role, password_hash, must_change_password, disabled, built_in, quota_instances, quota_running, quota_memory_mib, created_at';

@Injectable()
export class SqliteUserRepository extends UserRepository {
  private readonly selectAll: Statement<[], UserRow>;
  private readonly insertOne: Statement<[UserRow]>;
  private readonly updateOne: Statement<[UserRow]>;
  private readonly deleteOne: Statement<[string]>;
  private readonly insertAll: (users: readonly UserRecord[]) => void;

  constructor(database: ManagerDatabase) {
    super();
    const db = database.connection;
    this.selectAll = db.prepare<[], UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY created_at, username`);
    this.insertOne = db.prepare<[UserRow]>(`INSERT INTO users (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((column) => `@${column}`).join(', ')})`);
    this.updateOne = db.prepare<[UserRow]>(
      'UPDATE users SET role = @role, password_hash = @password_hash, must_change_password = @must_change_password, ' +
        'disabled = @disabled, quota_instances = @quota_instances, quota_running = @quota_running, ' +
        'quota_memory_mib = @quota_memory_mib WHERE id = @id',
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM users WHERE id = ?');
    this.insertAll = db.transaction((users: readonly UserRecord[]) => {
      for (const user of users) {
        try {
          this.insertOne.run(toRow(user));
        } catch (error) {
          if (error instanceof Error && error.message.includes('UNIQUE constraint failed: users.username')) {
            throw new DuplicateUsernameError(user.username);
          }
          throw error;
        }
      }
    });
  }

  list(): UserRecord[] {
    return this.selectAll.all().map((row) => ({
      id: row.id,
      username: row.username,
      role: row.role as UserRole,
      passwordHash: row.password_hash,
      mustChangePassword: row.must_change_password === 1,
      disabled: row.disabled === 1,
      builtIn: row.built_in === 1,
      quota: { instances: row.quota_instances, running: row.quota_running, memoryMiB: row.quota_memory_mib },
      createdAt: new Date(row.created_at),
    }));
  }

  insert(users: readonly UserRecord[]): void {
    this.insertAll(users);
  }

  update(user: UserRecord): void {
    this.updateOne.run(toRow(user));
  }

  remove(id: string): void {
    this.deleteOne.run(id);
  }
}

function toRow(user: UserRecord): UserRow {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    password_hash: user.passwordHash,
    must_change_password: user.mustChangePassword ? 1 : 0,
    disabled: user.disabled ? 1 : 0,
    built_in: user.builtIn ? 1 : 0,
    quota_instances: user.quota.instances,
    quota_running: user.quota.running,
    quota_memory_mib: user.quota.memoryMiB,
    created_at: user.createdAt.getTime(),
  };
}
