import type { UserRecord } from './user-record.js';

/** A username is taken already. */
export class DuplicateUsernameError extends Error {
  constructor(readonly username: string) {
    super(`a user named "${username}" exists already`);
  }
}

/** Where users are kept. */
export abstract class UserRepository {
  abstract list(): UserRecord[];
  /** All or none (one transaction); DuplicateUsernameError names the first name taken. */
  abstract insert(users: readonly UserRecord[]): void;
  abstract update(user: UserRecord): void;
  /** Their sessions and tokens go with them; their instances must have been given away first. */
  abstract remove(id: string): void;
}
