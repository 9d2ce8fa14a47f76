import { randomBytes } from 'node:crypto';
import { UserRole } from '@tinystack/contracts';
import { AccessRevocations, type Revocation } from '../auth/access-revocations.js';
import { CsrfTokens } from '../auth/csrf-tokens.js';
import { secretDigest } from '../auth/secret-digest.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { DatabaseHealth } from '../storage/database-health.js';
import type { ManagerDatabase } from '../storage/manager-database.js';
import { SqliteSessionRepository } from '../storage/sqlite-session.repository.js';
import { SqliteUserRepository } from '../storage/sqlite-user.repository.js';
import { diskFullError } from '../testing/disk-full.js';
import { ManualClock } from '../testing/manual.clock.js';
import { memoryDatabase } from '../testing/memory-database.js';
import { MAX_SESSIONS_PER_USER, SessionStore } from './session-store.service.js';

const MINUTE = 60_000;

describe('SessionStore', () => {
  let database: ManagerDatabase;
  let repository: SqliteSessionRepository;
  let clock: ManualClock;
  let revoked: Revocation[];
  let revocations: AccessRevocations;
  const csrf = new CsrfTokens(randomBytes(32));
  const settings = Object.assign(new ManagerSettings(), { SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 2 });
  const stores: SessionStore[] = [];

  function store(): SessionStore {
    const created = new SessionStore(repository, new DatabaseHealth(), csrf, revocations, clock, settings);
    created.onModuleInit();
    stores.push(created);
    return created;
  }

  beforeEach(() => {
    database = memoryDatabase();
    repository = new SqliteSessionRepository(database);
    clock = new ManualClock('2025-01-01T10:00:00Z');
    revoked = [];
    revocations = new AccessRevocations();
    vi.spyOn(revocations, 'revoke').mockImplementation((revocation) => void revoked.push(revocation));
    const users = new SqliteUserRepository(database);
    for (const username of ['alice', 'bob']) {
      users.insert([
        {
          id: `u-${username}`,
          username,
          role: UserRole.MEMBER,
          passwordHash: null,
          mustChangePassword: false,
          disabled: false,
          builtIn: false,
          quota: { instances: null, running: null, memoryMiB: null },
          createdAt: clock.now(),
        },
      ]);
    }
  });

  afterEach(() => {
    for (const created of stores.splice(0)) created.onModuleDestroy();
    database.onApplicationShutdown();
  });

  it('opens a session whose id is never stored, only its SHA-256, and finds it by the id with its CSRF token', () => {
    const sessions = store();
    const { id, session } = sessions.open('u-alice', 'password');
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).toBe(csrf.tokenFor(id));
    expect(repository.list()).toEqual([expect.objectContaining({ idHash: secretDigest(id), userId: 'u-alice', origin: 'password' })]);
    expect(JSON.stringify(repository.list())).not.toContain(id);
    expect(sessions.resolve(id)).toEqual({ found: { record: expect.objectContaining({ userId: 'u-alice' }), csrfToken: session.csrfToken } });
    expect(sessions.resolve(`${id}x`)).toEqual({ unknown: true });
  });

  it('ends a session after SESSION_IDLE_MINUTES without use, and keeps one in use alive until SESSION_MAX_HOURS', () => {
    const sessions = store();
    const idle = sessions.open('u-alice', 'password').id;
    const used = sessions.open('u-alice', 'password').id;
    for (let step = 0; step < 3; step++) {
      clock.advance(29 * MINUTE);
      expect(sessions.resolve(used)).toHaveProperty('found');
    }
    expect(sessions.resolve(idle)).toEqual({ expired: 'idle' });
    expect(sessions.resolve(idle)).toEqual({ unknown: true });
    clock.advance(120 * MINUTE - 87 * MINUTE);
    expect(sessions.resolve(used)).toEqual({ expired: 'absolute' });
    expect(repository.list()).toEqual([]);
    expect(revoked).toHaveLength(2);
  });

  it('writes last-seen times once per flush, not per request, and a new store over the database carries on', () => {
    const sessions = store();
    const { id } = sessions.open('u-alice', 'password');
    const touch = vi.spyOn(repository, 'touch');
    for (let request = 0; request < 50; request++) {
      clock.advance(1000);
      sessions.resolve(id);
    }
    expect(touch).not.toHaveBeenCalled();
    sessions.flush();
    expect(touch).toHaveBeenCalledTimes(1);
    expect(repository.list()[0]!.lastSeenAt).toEqual(clock.now());
    // A restart: nobody is signed out.
    const restarted = store();
    clock.advance(29 * MINUTE);
    expect(restarted.resolve(id)).toHaveProperty('found');
  });

  it('keeps last-seen times in memory while the disk is full, and writes them once it can', () => {
    const sessions = store();
    const { id } = sessions.open('u-alice', 'password');
    clock.advance(5000);
    sessions.resolve(id);
    const touch = vi.spyOn(repository, 'touch').mockImplementationOnce(() => {
      throw diskFullError();
    });
    sessions.flush();
    sessions.flush();
    expect(touch).toHaveBeenCalledTimes(2);
    expect(repository.list()[0]!.lastSeenAt).toEqual(clock.now());
  });

  it('revokes one session, every session of a user, or all but the one in use, and says so', () => {
    const sessions = store();
    const [first, second, third] = [0, 1, 2].map(() => sessions.open('u-alice', 'password'));
    const bobs = sessions.open('u-bob', 'password');
    sessions.revoke(first!.session.record.idHash);
    expect(sessions.resolve(first!.id)).toEqual({ unknown: true });
    sessions.revokeAllOf('u-alice', third!.session.record.idHash);
    expect(sessions.resolve(second!.id)).toEqual({ unknown: true });
    expect(sessions.resolve(third!.id)).toHaveProperty('found');
    sessions.revokeAllOf('u-alice');
    expect(sessions.resolve(third!.id)).toEqual({ unknown: true });
    expect(sessions.resolve(bobs.id)).toHaveProperty('found');
    expect(revoked.map((revocation) => 'sessionIdHash' in revocation && revocation.sessionIdHash)).toEqual(
      [first, second, third].map((opened) => opened!.session.record.idHash),
    );
    expect(repository.list().map((record) => record.userId)).toEqual(['u-bob']);
  });

  it('refuses a sign-out with 503 when the database cannot be written, and the session stays valid', () => {
    const sessions = store();
    const { id, session } = sessions.open('u-alice', 'password');
    vi.spyOn(repository, 'remove').mockImplementationOnce(() => {
      throw diskFullError();
    });
    expect(() => sessions.revoke(session.record.idHash)).toThrow('Could not end the session: the database cannot be written');
    expect(sessions.resolve(id)).toHaveProperty('found');
  });

  it(`ends the oldest session of a user past ${MAX_SESSIONS_PER_USER}`, () => {
    const sessions = store();
    const opened = Array.from({ length: MAX_SESSIONS_PER_USER + 1 }, () => sessions.open('u-alice', 'password'));
    expect(sessions.resolve(opened[0]!.id)).toEqual({ unknown: true });
    expect(sessions.resolve(opened[1]!.id)).toHaveProperty('found');
    expect(repository.list()).toHaveLength(MAX_SESSIONS_PER_USER);
  });
});
