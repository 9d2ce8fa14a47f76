import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ManagerSettings } from '../config/manager.settings.js';
import { AccessRevocations } from '../auth/access-revocations.js';
import { CsrfTokens } from '../auth/csrf-tokens.js';
import { randomSecret, secretDigest } from '../auth/secret-digest.js';
import { Clock } from '../clock/clock.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import type { SessionOrigin, SessionRecord } from './session-record.js';
import { SessionRepository } from './session.repository.js';

/** Last-seen times are written this often, not at every request: an SD card wears with each write. */
export const SESSION_FLUSH_MS = 60_000;
/** Sessions one user may have at once; a new one beyond that ends their oldest. */
export const MAX_SESSIONS_PER_USER = 20;

/** A session found by its id, with its CSRF token. */
export interface LiveSession {
  record: SessionRecord;
  csrfToken: string;
}

export type SessionLookup = { found: LiveSession } | { expired: 'idle' | 'absolute' } | { unknown: true };

interface Entry {
  record: SessionRecord;
  /** Derived from the id once, at the first request that needs it (the id itself is never kept). */
  csrfToken: string | null;
}

/**
 * Console sessions: in memory (a request costs one SHA-256 and a map look-up,
 * never a password hash) and in the database, so that a restart signs nobody
 * out. Last-seen times are gathered in memory and written once a minute.
 * Idle and absolute expiry come from SESSION_IDLE_MINUTES and SESSION_MAX_HOURS.
 */
@Injectable()
export class SessionStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private readonly sessions = new Map<string, Entry>();
  private readonly seen = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  readonly idleMs: number;
  readonly maxMs: number;

  constructor(
    private readonly repository: SessionRepository,
    private readonly database: DatabaseHealth,
    private readonly csrf: CsrfTokens,
    private readonly revocations: AccessRevocations,
    private readonly clock: Clock,
    @Inject(ManagerSettings) settings: ManagerSettings,
  ) {
    this.idleMs = settings.SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = settings.SESSION_MAX_HOURS * 3_600_000;
  }

  onModuleInit(): void {
    for (const record of this.repository.list()) this.sessions.set(record.idHash, { record, csrfToken: null });
    this.flush();
    this.timer = setInterval(() => this.flush(), SESSION_FLUSH_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** A new session; its id goes into the cookie and is never stored. */
  open(userId: string, origin: SessionOrigin): { id: string; session: LiveSession } {
    const now = this.clock.now();
    const id = randomSecret();
    const record: SessionRecord = {
      idHash: secretDigest(id),
      userId,
      origin,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.maxMs),
    };
    writeOrRefuse(this.database, 'Could not sign in', () => this.repository.insert(record));
    const entry = { record, csrfToken: this.csrf.tokenFor(id) };
    this.sessions.set(record.idHash, entry);
    const own = [...this.sessions.values()].filter((other) => other.record.userId === userId);
    for (const oldest of own.slice(0, Math.max(0, own.length - MAX_SESSIONS_PER_USER))) this.revoke(oldest.record.idHash);
    return { id, session: { record, csrfToken: entry.csrfToken } };
  }

  /** The session of a cookie's id, counted as used now; an expired one is ended on the spot. */
  resolve(id: string): SessionLookup {
    const idHash = secretDigest(id);
    const entry = this.sessions.get(idHash);
    if (!entry) return { unknown: true };
    const now = this.clock.now();
    const expired = this.expiry(entry.record, now.getTime());
    if (expired) {
      this.end([idHash]);
      return { expired };
    }
    entry.record = { ...entry.record, lastSeenAt: now };
    this.seen.add(idHash);
    entry.csrfToken ??= this.csrf.tokenFor(id);
    return { found: { record: entry.record, csrfToken: entry.csrfToken } };
  }

  /** Whether a request's CSRF header is the session's token (constant time). */
  csrfMatches(csrfToken: string, presented: string): boolean {
    return this.csrf.matches(csrfToken, presented);
  }

  get(idHash: string): SessionRecord | undefined {
    return this.sessions.get(idHash)?.record;
  }

  /**
   * Ends a session: the database first, so that a session signed out never
   * comes back at the next start (a 503 when the database cannot be written).
   */
  revoke(idHash: string): void {
    if (!this.sessions.has(idHash)) return;
    writeOrRefuse(this.database, 'Could not end the session', () => this.repository.remove([idHash]));
    this.sessions.delete(idHash);
    this.seen.delete(idHash);
    this.revocations.revoke({ sessionIdHash: idHash });
  }

  /** Every session of the user (a password reset, a disable), or every one but the one in use (a password change). */
  revokeAllOf(userId: string, except?: string): void {
    for (const { record } of [...this.sessions.values()]) {
      if (record.userId === userId && record.idHash !== except) this.revoke(record.idHash);
    }
  }

  /** Writes the last-seen times gathered since the last flush and ends expired sessions. */
  flush(): void {
    const now = this.clock.now().getTime();
    this.end([...this.sessions.values()].filter(({ record }) => this.expiry(record, now)).map(({ record }) => record.idHash));
    const seen = [...this.seen].flatMap((idHash) => {
      const entry = this.sessions.get(idHash);
      return entry ? [{ idHash, lastSeenAt: entry.record.lastSeenAt }] : [];
    });
    try {
      this.database.write(() => this.repository.touch(seen));
      this.seen.clear();
    } catch (error) {
      // Kept in memory; the next flush tries again.
      this.logger.warn(`Could not store when sessions were last used: ${(error as Error).message}`);
    }
  }

  private expiry(record: SessionRecord, nowMs: number): 'idle' | 'absolute' | null {
    if (nowMs >= record.expiresAt.getTime()) return 'absolute';
    if (nowMs - record.lastSeenAt.getTime() >= this.idleMs) return 'idle';
    return null;
  }

  /**
   * Forgets expired sessions. One the database still holds is expired there
   * too (by its times), so a failed delete is only logged and tried again.
   */
  private end(idHashes: string[]): void {
    if (idHashes.length === 0) return;
    for (const idHash of idHashes) {
      this.sessions.delete(idHash);
      this.seen.delete(idHash);
      this.revocations.revoke({ sessionIdHash: idHash });
    }
    try {
      this.database.write(() => this.repository.remove(idHashes));
    } catch (error) {
      this.logger.warn(`Could not delete expired sessions from the database: ${(error as Error).message}`);
    }
  }
}
