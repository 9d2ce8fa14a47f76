import type { SessionRecord } from './session-record.js';

/** Where sessions are kept, so that a restart of the manager signs nobody out. */
export abstract class SessionRepository {
  abstract list(): SessionRecord[];
  abstract insert(session: SessionRecord): void;
  /** Writes the last-seen times gathered in memory (in one transaction: once a minute, not per request). */
  abstract touch(seen: ReadonlyArray<{ idHash: string; lastSeenAt: Date }>): void;
  abstract remove(idHashes: readonly string[]): void;
}
