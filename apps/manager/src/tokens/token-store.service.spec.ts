import { UserRole } from '@tinystack/contracts';
import { AccessRevocations, type Revocation } from '../auth/access-revocations.js';
import { secretDigest } from '../auth/secret-digest.js';
import { DatabaseHealth } from '../storage/database-health.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteTokenRepository } from '../storage/sqlite-token.repository.js';
import { SqliteUserRepository } from '../storage/sqlite-user.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { DEVICE_TOKEN_PREFIX, PERSONAL_TOKEN_PREFIX, TokenStore } from './token-store.service.js';

describe('TokenStore', () => {
  let database: ManagerDatabase;
  let repository: SqliteTokenRepository;
  let clock: ManualClock;
  let tokens: TokenStore;
  let revoked: Revocation[];

  beforeEach(() => {
    database = memoryDatabase();
    repository = new SqliteTokenRepository(database);
    clock = new ManualClock('2025-01-01T10:00:00Z');
    new SqliteUserRepository(database).insert([
      {
        id: 'u-alice',
        username: 'alice',
        role: UserRole.MEMBER,
        passwordHash: null,
        mustChangePassword: false,
        disabled: false,
        builtIn: false,
        quota: { instances: null, running: null, memoryMiB: null },
        createdAt: clock.now(),
      },
    ]);
    const revocations = new AccessRevocations();
    revoked = [];
    vi.spyOn(revocations, 'revoke').mockImplementation((revocation) => void revoked.push(revocation));
    tokens = new TokenStore(repository, new DatabaseHealth(), revocations, clock);
    tokens.onModuleInit();
  });

  afterEach(() => {
    tokens.onModuleDestroy();
    database.onApplicationShutdown();
  });

  it('makes ts_ tokens of 256 random bits, stores only their SHA-256, and finds them by it', () => {
    const { token, record } = tokens.create('u-alice', 'cli on lab-pc-3', 30);
    expect(token).toMatch(new RegExp(`^${PERSONAL_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(record).toMatchObject({ userId: 'u-alice', name: 'cli on lab-pc-3', tokenHash: secretDigest(token), expiresAt: new Date('2025-01-31T10:00:00Z') });
    expect(JSON.stringify(repository.list())).not.toContain(token.slice(PERSONAL_TOKEN_PREFIX.length));
    expect(tokens.findByDigest(secretDigest(token))?.id).toBe(record.id);
    expect(tokens.create('u-alice', 'forever', undefined).record.expiresAt).toBeNull();
  });

  it('records the last use in memory and writes it at the flush; a restart reads it back', () => {
    const { record } = tokens.create('u-alice', 'script', undefined);
    clock.advance(90_000);
    tokens.touch(record);
    expect(repository.list()[0]!.lastUsedAt).toBeNull();
    tokens.flush();
    expect(repository.list()[0]!.lastUsedAt).toEqual(clock.now());
    const restarted = new TokenStore(repository, new DatabaseHealth(), new AccessRevocations(), clock);
    restarted.onModuleInit();
    expect(restarted.get(record.id)?.lastUsedAt).toEqual(clock.now());
    restarted.onModuleDestroy();
  });

  it('keeps device tokens (tsd_) apart from personal ones', () => {
    const personal = tokens.create('u-alice', 'cli', undefined);
    const device = tokens.create('u-alice', 'esp32', undefined, 'device');
    expect(device.token).toMatch(new RegExp(`^${DEVICE_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(tokens.listOf('u-alice').map((record) => record.id)).toEqual([personal.record.id]);
    expect(tokens.listOf('u-alice', 'device').map((record) => record.id)).toEqual([device.record.id]);
    expect(tokens.listAll('device').map((record) => record.kind)).toEqual(['device']);
    expect(repository.list().find((record) => record.id === device.record.id)?.kind).toBe('device');
  });

  it('revokes a token at once and says so', () => {
    const { token, record } = tokens.create('u-alice', 'script', undefined);
    tokens.revoke(record.id);
    expect(tokens.findByDigest(secretDigest(token))).toBeUndefined();
    expect(repository.list()).toEqual([]);
    expect(revoked).toEqual([{ tokenId: record.id }]);
  });
});
