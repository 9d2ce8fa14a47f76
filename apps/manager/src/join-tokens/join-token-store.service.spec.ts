import { JOIN_TOKEN_PATTERN } from '@tinystack/contracts';
import { DatabaseHealth } from '../storage/database-health.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteJoinTokenRepository } from '../storage/sqlite-join-token.repository.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { JoinTokenStore } from './join-token-store.service.js';

describe('JoinTokenStore', () => {
  let database: ManagerDatabase;
  let repository: SqliteJoinTokenRepository;
  let clock: ManualClock;
  let store: JoinTokenStore;

  const reopened = () => {
    const again = new JoinTokenStore(repository, new DatabaseHealth(), clock);
    again.onModuleInit();
    return again;
  };

  beforeEach(() => {
    database = memoryDatabase();
    repository = new SqliteJoinTokenRepository(database);
    clock = new ManualClock('2026-01-05T09:00:00Z');
    store = reopened();
  });

  afterEach(() => {
    store.onModuleDestroy();
    database.onApplicationShutdown();
  });

  it('makes tsj_ tokens, keeps only their SHA-256, and admits with one until it expires', () => {
    const { token, record } = store.create({ note: 'room 12' });
    expect(token).toMatch(JOIN_TOKEN_PATTERN);
    expect(record.expiresAt.toISOString()).toBe('2026-01-06T09:00:00.000Z');
    expect(JSON.stringify(database.connection.prepare('SELECT * FROM join_tokens').all())).not.toContain(token.slice(4));
    expect(store.check(token)).toEqual({ record });
    expect(store.check(`tsj_${'B'.repeat(43)}`)).toMatchObject({ refusal: { status: 401, message: 'the join token is not known to this manager' } });
    clock.advance(24 * 3_600_000);
    expect(store.check(token)).toMatchObject({ refusal: { status: 403, message: 'the join token expired at 2026-01-06T09:00:00.000Z' } });
  });

  it('refuses a revoked token, saying when, after a restart too', () => {
    const { token, record } = store.create({ expiresInHours: 2 });
    clock.advance(60_000);
    store.revoke(record.id);
    expect(store.check(token)).toMatchObject({ refusal: { status: 403, message: 'the join token was revoked at 2026-01-05T09:01:00.000Z' } });
    expect(reopened().check(token)).toMatchObject({ refusal: { status: 403, message: 'the join token was revoked at 2026-01-05T09:01:00.000Z' } });
  });

  it('counts uses in memory and writes them with the flush, all in one go; a single-use token at once', () => {
    const { token, record } = store.create({});
    store.recordUse(record);
    store.recordUse(record);
    expect(store.list()[0]!.uses).toBe(2);
    expect(reopened().list()[0]!.uses).toBe(0);
    store.flush();
    expect(reopened().list()[0]).toMatchObject({ uses: 2, lastUsedAt: clock.now() });
    expect(store.check(token)).toEqual({ record: expect.objectContaining({ id: record.id }) });

    const single = store.create({ singleUse: true });
    expect(single.record.expiresAt.getTime() - clock.now().getTime()).toBe(10 * 60_000);
    store.recordUse(single.record);
    expect(store.check(single.token)).toMatchObject({ refusal: { status: 403, message: expect.stringContaining('was for one board and was used at') } });
    expect(reopened().check(single.token)).toMatchObject({ refusal: { status: 403 } });
  });

  it('forgets tokens that ended over a week ago at start', () => {
    store.create({ expiresInHours: 1 });
    clock.advance(8 * 86_400_000);
    expect(reopened().list()).toEqual([]);
  });
});
