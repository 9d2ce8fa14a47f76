import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessRevocations } from '../auth/access-revocations.js';
import { randomSecret, secretDigest } from '../auth/secret-digest.js';
import { Clock } from '../clock/clock.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import type { TokenKind, TokenRecord } from './token-record.js';
import { TokenRepository } from './token.repository.js';

/** Personal tokens start with this, so that one pasted in the wrong place is recognised (and secret scanners find them). */
export const PERSONAL_TOKEN_PREFIX = 'ts_';
/** Device tokens (MQTT only) start with this. */
export const DEVICE_TOKEN_PREFIX = 'tsd_';
/** Last-use times are written this often, not at every request. */
export const TOKEN_FLUSH_MS = 60_000;

/**
 * Personal API tokens (`ts_` + 256 random bits), kept in memory by their
 * SHA-256 and in the database as that hash only: a request costs one SHA-256
 * and a map look-up. Last-use times are gathered and written once a minute.
 */
@Injectable()
export class TokenStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Tokens');
  private readonly byHash = new Map<string, TokenRecord>();
  private readonly byId = new Map<string, TokenRecord>();
  private readonly used = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: TokenRepository,
    private readonly database: DatabaseHealth,
    private readonly revocations: AccessRevocations,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const record of this.repository.list()) this.remember(record);
    this.timer = setInterval(() => this.flush(), TOKEN_FLUSH_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.flush();
  }

  /** A new token; the secret is answered once and only its hash is kept. */
  create(userId: string, name: string, expiresInDays: number | undefined, kind: TokenKind = 'personal'): { token: string; record: TokenRecord } {
    const token = `${kind === 'device' ? DEVICE_TOKEN_PREFIX : PERSONAL_TOKEN_PREFIX}${randomSecret()}`;
    const now = this.clock.now();
    const record: TokenRecord = {
      id: randomUUID(),
      kind,
      userId,
      name,
      tokenHash: secretDigest(token),
      createdAt: now,
      expiresAt: expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * 86_400_000),
      lastUsedAt: null,
    };
    writeOrRefuse(this.database, 'The token was not created', () => this.repository.insert(record));
    this.remember(record);
    return { token, record };
  }

  /** The token whose SHA-256 this is (the caller hashed what it was sent, once). */
  findByDigest(digest: string): TokenRecord | undefined {
    return this.byHash.get(digest);
  }

  get(id: string): TokenRecord | undefined {
    return this.byId.get(id);
  }

  /** The user's tokens of that kind, oldest first. */
  listOf(userId: string, kind: TokenKind = 'personal'): TokenRecord[] {
    return [...this.byId.values()].filter((record) => record.userId === userId && record.kind === kind);
  }

  /** Every user's tokens of that kind, oldest first. */
  listAll(kind: TokenKind): TokenRecord[] {
    return [...this.byId.values()].filter((record) => record.kind === kind);
  }

  /** Counts a request made with the token; written with the next flush. */
  touch(record: TokenRecord): void {
    const current = this.byId.get(record.id);
    if (!current) return;
    this.remember({ ...current, lastUsedAt: this.clock.now() });
    this.used.add(record.id);
  }

  revoke(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    writeOrRefuse(this.database, 'The token was not revoked', () => this.repository.remove(id));
    this.forget(record);
    this.revocations.revoke({ tokenId: id });
  }

  /** The user is gone from the database, tokens included (ON DELETE CASCADE): forgets them here. */
  forgetAllOf(userId: string): void {
    for (const record of [...this.listOf(userId, 'personal'), ...this.listOf(userId, 'device')]) {
      this.forget(record);
      this.revocations.revoke({ tokenId: record.id });
    }
  }

  flush(): void {
    const used = [...this.used].flatMap((id) => {
      const record = this.byId.get(id);
      return record?.lastUsedAt ? [{ id, lastUsedAt: record.lastUsedAt }] : [];
    });
    try {
      this.database.write(() => this.repository.touch(used));
      this.used.clear();
    } catch (error) {
      this.logger.warn(`Could not store when tokens were last used: ${(error as Error).message}`);
    }
  }

  private remember(record: TokenRecord): void {
    this.byHash.set(record.tokenHash, record);
    this.byId.set(record.id, record);
  }

  private forget(record: TokenRecord): void {
    this.byHash.delete(record.tokenHash);
    this.byId.delete(record.id);
    this.used.delete(record.id);
  }
}
