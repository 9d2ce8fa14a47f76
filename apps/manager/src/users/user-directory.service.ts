import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BUILT_IN_ADMIN_USERNAME, UserRole } from '@tinystack/contracts';
import { Clock } from '../clock/clock.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import type { UserRecord } from './user-record.js';
import { UserRepository } from './user.repository.js';

/**
 * Every user, kept in memory (a class is a few dozen) and written through to
 * the database. Records are replaced, never changed in place, so whoever reads
 * one by id gets the user as they are now: a disabled user is refused at
 * their very next request.
 */
@Injectable()
export class UserDirectory implements OnModuleInit {
  private readonly byId = new Map<string, UserRecord>();
  private readonly byName = new Map<string, UserRecord>();
  private admin: UserRecord | undefined;

  constructor(
    private readonly repository: UserRepository,
    private readonly database: DatabaseHealth,
    private readonly clock: Clock,
  ) {}

  /** Loads the users; the built-in admin is made on the first start (no password: MANAGER_TOKEN signs it in). */
  onModuleInit(): void {
    for (const user of this.repository.list()) this.remember(user);
    if (!this.admin) {
      const admin: UserRecord = {
        id: randomUUID(),
        username: BUILT_IN_ADMIN_USERNAME,
        role: UserRole.ADMIN,
        passwordHash: null,
        mustChangePassword: false,
        disabled: false,
        builtIn: true,
        quota: { instances: null, running: null, memoryMiB: null },
        createdAt: this.clock.now(),
      };
      this.database.write(() => this.repository.insert([admin]));
      this.remember(admin);
    }
  }

  /** The built-in "admin": it owns every instance nobody else does. */
  get builtInAdmin(): UserRecord {
    if (!this.admin) throw new Error('The users are not loaded yet');
    return this.byId.get(this.admin.id)!;
  }

  get(id: string): UserRecord | undefined {
    return this.byId.get(id);
  }

  findByUsername(username: string): UserRecord | undefined {
    return this.byName.get(username);
  }

  /** By username. */
  all(): UserRecord[] {
    return [...this.byId.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  /** All or none; DuplicateUsernameError names a taken name, a 503 says the database cannot be written. */
  add(users: readonly UserRecord[], what: string): void {
    writeOrRefuse(this.database, what, () => this.repository.insert(users));
    for (const user of users) this.remember(user);
  }

  /** Stores the change first: a database that cannot be written leaves the user as they were (and a 503). */
  update(id: string, change: Partial<Omit<UserRecord, 'id' | 'username' | 'builtIn' | 'createdAt'>>, what: string): UserRecord {
    const current = this.byId.get(id);
    if (!current) throw new Error(`No user ${id}`);
    const next: UserRecord = { ...current, ...change, quota: { ...current.quota, ...change.quota } };
    writeOrRefuse(this.database, what, () => this.repository.update(next));
    this.remember(next);
    return next;
  }

  remove(id: string, what: string): void {
    const user = this.byId.get(id);
    if (!user) return;
    writeOrRefuse(this.database, what, () => this.repository.remove(id));
    this.byId.delete(id);
    this.byName.delete(user.username);
  }

  private remember(user: UserRecord): void {
    this.byId.set(user.id, user);
    this.byName.set(user.username, user);
    if (user.builtIn) this.admin = user;
  }
}
