import { ConflictException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JOIN_TOKEN_HOURS, MAX_JOIN_TOKENS } from '@tinystack/contracts';
import { randomSecret, secretDigest } from '../auth/secret-digest.js';
import { Clock } from '../clock/clock.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import type { JoinTokenRecord } from './join-token-record.js';
import { JoinTokenRepository } from './join-token.repository.js';

/** Join tokens start with this, so that one pasted in the wrong place is recognised (and secret scanners find them). */
export const JOIN_TOKEN_PREFIX = 'tsj_';
/** Uses are written this often, not at every join: a room of boards starting at once is one write. */
export const JOIN_TOKEN_FLUSH_MS = 60_000;
/** An ended (expired or revoked) token stays listed this long, then goes. */
export const ENDED_JOIN_TOKEN_KEPT_MS = 7 * 86_400_000;
/** A token made to hand one discovered board: short, and good for one board. */
export const SINGLE_USE_JOIN_TOKEN_MS = 10 * 60_000;

/** Why a join token does not admit a board: the status and message the board is answered. */
export interface JoinTokenRefusal {
  status: 401 | 403;
  message: string;
  /** The token it was, when it is known (revoked, expired, used up). */
  record: JoinTokenRecord | null;
}

/**
 * The join tokens (`tsj_` + 256 random bits), kept in memory by their
 * SHA-256 and in the database as that hash only. One token admits many
 * boards until it expires or is revoked; a single-use one (made for a
 * discovered board) admits one. Uses are gathered and written once a minute.
 */
@Injectable()
export class JoinTokenStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('JoinTokens');
  private readonly byHash = new Map<string, JoinTokenRecord>();
  private readonly byId = new Map<string, JoinTokenRecord>();
  private readonly used = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: JoinTokenRepository,
    private readonly database: DatabaseHealth,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.removeOld();
    for (const record of this.repository.list()) this.remember(record);
    this.timer = setInterval(() => this.flush(), JOIN_TOKEN_FLUSH_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** A new token; the secret is answered once and only its hash is kept. 409 when too many are live. */
  create(options: { expiresInHours?: number; note?: string; singleUse?: boolean }): { token: string; record: JoinTokenRecord } {
    const now = this.clock.now();
    const live = this.list().filter((record) => !this.ended(record, now)).length;
    if (live >= MAX_JOIN_TOKENS) {
      throw new ConflictException(`This manager has ${MAX_JOIN_TOKENS} join tokens that still work: revoke some first (DELETE /api/join-tokens/<id>)`);
    }
    const token = `${JOIN_TOKEN_PREFIX}${randomSecret()}`;
    const lifetimeMs = options.singleUse ? SINGLE_USE_JOIN_TOKEN_MS : (options.expiresInHours ?? JOIN_TOKEN_HOURS.default) * 3_600_000;
    const record: JoinTokenRecord = {
      id: randomUUID(),
      tokenHash: secretDigest(token),
      note: options.note ?? null,
      singleUse: options.singleUse ?? false,
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
      revokedAt: null,
      uses: 0,
      lastUsedAt: null,
    };
    writeOrRefuse(this.database, 'The join token was not created', () => this.repository.insert(record));
    this.remember(record);
    return { token, record };
  }

  /** Oldest first. */
  list(): JoinTokenRecord[] {
    return [...this.byId.values()];
  }

  /** Revokes the token (it admits no board from now on; boards that joined with it stay). 404 when unknown. */
  revoke(id: string): JoinTokenRecord {
    const record = this.byId.get(id);
    if (!record) throw new NotFoundException(`No join token with id "${id}" (see GET /api/join-tokens)`);
    if (record.revokedAt) return record;
    const revokedAt = this.clock.now();
    writeOrRefuse(this.database, 'The join token was not revoked', () => this.repository.setRevokedAt(id, revokedAt));
    const revoked = { ...record, revokedAt };
    this.remember(revoked);
    return revoked;
  }

  /** The token this secret is, or why it admits no board. Costs one SHA-256 and a map look-up. */
  check(token: string): { record: JoinTokenRecord } | { refusal: JoinTokenRefusal } {
    const record = this.byHash.get(secretDigest(token));
    if (!record) return { refusal: { status: 401, message: 'the join token is not known to this manager', record: null } };
    if (record.revokedAt) return { refusal: { status: 403, message: `the join token was revoked at ${record.revokedAt.toISOString()}`, record } };
    const now = this.clock.now();
    if (record.expiresAt.getTime() <= now.getTime()) {
      return { refusal: { status: 403, message: `the join token expired at ${record.expiresAt.toISOString()}`, record } };
    }
    if (record.singleUse && record.uses > 0) {
      return { refusal: { status: 403, message: `the join token was for one board and was used at ${record.lastUsedAt?.toISOString() ?? 'an unknown time'}`, record } };
    }
    return { record };
  }

  /** Counts a join made with the token; written with the next flush (a single-use token's at once: it must stay used). */
  recordUse(record: JoinTokenRecord): void {
    const current = this.byId.get(record.id);
    if (!current) return;
    const touched = { ...current, uses: current.uses + 1, lastUsedAt: this.clock.now() };
    this.remember(touched);
    this.used.add(record.id);
    if (touched.singleUse) this.flush();
  }

  flush(): void {
    const used = [...this.used].flatMap((id) => {
      const record = this.byId.get(id);
      return record ? [record] : [];
    });
    try {
      this.database.write(() => this.repository.recordUses(used));
      this.used.clear();
    } catch (error) {
      this.logger.warn(`Could not store the uses of join tokens: ${(error as Error).message}`);
    }
  }

  private ended(record: JoinTokenRecord, now: Date): boolean {
    return record.revokedAt !== null || record.expiresAt.getTime() <= now.getTime() || (record.singleUse && record.uses > 0);
  }

  private removeOld(): void {
    try {
      const removed = this.database.write(() => this.repository.removeEndedBefore(new Date(this.clock.now().getTime() - ENDED_JOIN_TOKEN_KEPT_MS)));
      if (removed > 0) this.logger.log(`Forgot ${removed} join token${removed === 1 ? '' : 's'} that ended over a week ago`);
    } catch (error) {
      this.logger.warn(`Could not delete old join tokens: ${(error as Error).message}`);
    }
  }

  private remember(record: JoinTokenRecord): void {
    this.byHash.set(record.tokenHash, record);
    this.byId.set(record.id, record);
  }
}
