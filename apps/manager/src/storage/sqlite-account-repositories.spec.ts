import { UserRole } from '@tinystack/contracts';
import { memoryDatabase } from '../testing/memory-database.js';
import type { UserRecord } from '../users/user-record.js';
import { DuplicateUsernameError } from '../users/user.repository.js';
import type { ManagerDatabase } from './manager-database.js';
import { SqliteNodeRepository } from './sqlite-node.repository.js';
import { SqliteOwnershipRepository } from './sqlite-ownership.repository.js';
import { SqlitePreferenceRepository } from './sqlite-preference.repository.js';
import { SqliteSessionRepository } from './sqlite-session.repository.js';
import { SqliteTokenRepository } from './sqlite-token.repository.js';
import { SqliteUserRepository } from './sqlite-user.repository.js';

const AT = new Date('2025-01-01T10:00:00Z');

function user(username: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: `id-${username}`,
    username,
    role: UserRole.MEMBER,
    passwordHash: 'scrypt$16384$8$1$c2FsdA$a2V5',
    mustChangePassword: true,
    disabled: false,
    builtIn: false,
    quota: { instances: 4, running: null, memoryMiB: null },
    createdAt: AT,
    ...overrides,
  };
}

describe('SQLite repositories of users, sessions, tokens, owners and preferences', () => {
  let database: ManagerDatabase;
  let users: SqliteUserRepository;
  let sessions: SqliteSessionRepository;
  let tokens: SqliteTokenRepository;
  let owners: SqliteOwnershipRepository;

  beforeEach(() => {
    database = memoryDatabase();
    users = new SqliteUserRepository(database);
    sessions = new SqliteSessionRepository(database);
    tokens = new SqliteTokenRepository(database);
    owners = new SqliteOwnershipRepository(database);
  });

  afterEach(() => database.onApplicationShutdown());

  const session = (idHash: string, userId: string) => ({
    idHash,
    userId,
    origin: 'password' as const,
    createdAt: AT,
    lastSeenAt: AT,
    expiresAt: new Date(AT.getTime() + 3_600_000),
  });
  const token = (id: string, userId: string, tokenHash: string) => ({
    id,
    kind: 'personal' as const,
    userId,
    name: 'cli on lab-pc-3',
    tokenHash,
    createdAt: AT,
    expiresAt: null,
    lastUsedAt: null,
  });

  it('stores users with their quota overrides and flags, and changes them', () => {
    const alice = user('alice');
    users.insert([alice, user('bob', { role: UserRole.ADMIN, passwordHash: null, quota: { instances: null, running: null, memoryMiB: null } })]);
    expect(users.list()).toEqual([alice, expect.objectContaining({ username: 'bob', role: UserRole.ADMIN, passwordHash: null })]);
    users.update({ ...alice, disabled: true, mustChangePassword: false, quota: { instances: null, running: 2, memoryMiB: 512 } });
    expect(users.list()[0]).toEqual({ ...alice, disabled: true, mustChangePassword: false, quota: { instances: null, running: 2, memoryMiB: 512 } });
  });

  it('creates a batch of users all or none, naming the name that is taken', () => {
    users.insert([user('alice')]);
    expect(() => users.insert([user('carol'), user('alice', { id: 'another-id' }), user('dave')])).toThrow(new DuplicateUsernameError('alice'));
    expect(users.list().map((stored) => stored.username)).toEqual(['alice']);
  });

  it('keeps a single built-in user', () => {
    users.insert([user('admin', { builtIn: true })]);
    expect(() => users.insert([user('root', { builtIn: true })])).toThrow(/UNIQUE constraint failed: users.built_in/);
  });

  it('stores sessions and tokens as hashes, with last-use times written in a batch', () => {
    users.insert([user('alice')]);
    sessions.insert(session('aa'.repeat(32), 'id-alice'));
    sessions.insert(session('bb'.repeat(32), 'id-alice'));
    sessions.touch([{ idHash: 'aa'.repeat(32), lastSeenAt: new Date(AT.getTime() + 60_000) }]);
    expect(sessions.list().find((stored) => stored.idHash === 'aa'.repeat(32))!.lastSeenAt).toEqual(new Date(AT.getTime() + 60_000));
    sessions.remove(['bb'.repeat(32)]);
    expect(sessions.list().map((stored) => stored.idHash)).toEqual(['aa'.repeat(32)]);

    tokens.insert(token('t1', 'id-alice', 'cc'.repeat(32)));
    tokens.touch([{ id: 't1', lastUsedAt: new Date(AT.getTime() + 5000) }]);
    expect(tokens.list()).toEqual([{ ...token('t1', 'id-alice', 'cc'.repeat(32)), lastUsedAt: new Date(AT.getTime() + 5000) }]);
    expect(() => tokens.insert(token('t2', 'id-alice', 'cc'.repeat(32)))).toThrow(/UNIQUE constraint failed: api_tokens.token_hash/);
  });

  it("deletes a user's sessions and tokens with them", () => {
    users.insert([user('alice'), user('bob')]);
    sessions.insert(session('aa'.repeat(32), 'id-alice'));
    sessions.insert(session('dd'.repeat(32), 'id-bob'));
    tokens.insert(token('t1', 'id-alice', 'cc'.repeat(32)));
    users.remove('id-alice');
    expect(sessions.list().map((stored) => stored.userId)).toEqual(['id-bob']);
    expect(tokens.list()).toEqual([]);
  });

  it('keeps owners per node and instance: set, replace, rename, give back, and forget them with their node', () => {
    const nodes = new SqliteNodeRepository(database);
    nodes.insert({ id: 'n1', name: 'pi-1', url: 'http://pi-1:7001', token: 'secret', registeredAt: AT, computeId: null });
    nodes.insert({ id: 'n2', name: 'pi-2', url: 'http://pi-2:7001', token: 'secret', registeredAt: AT, computeId: null });
    users.insert([user('alice'), user('bob')]);
    owners.set({ nodeId: 'n1', instance: 'web1', ownerId: 'id-alice' });
    owners.set({ nodeId: 'n1', instance: 'web1', ownerId: 'id-bob' });
    owners.set({ nodeId: 'n1', instance: 'old', ownerId: 'id-alice' });
    owners.set({ nodeId: 'n2', instance: 'db', ownerId: 'id-alice' });
    // A stale row under the new name gives way to the renamed instance.
    owners.move('n1', 'web1', 'old');
    expect(owners.list().sort((a, b) => (a.nodeId + a.instance).localeCompare(b.nodeId + b.instance))).toEqual([
      { nodeId: 'n1', instance: 'old', ownerId: 'id-bob' },
      { nodeId: 'n2', instance: 'db', ownerId: 'id-alice' },
    ]);
    // A user with instances cannot go before their instances are given away.
    expect(() => users.remove('id-alice')).toThrow(/FOREIGN KEY constraint failed/);
    owners.removeAllOf('id-alice');
    users.remove('id-alice');
    nodes.remove('n1');
    expect(owners.list()).toEqual([]);
  });

  it('keeps preferences as JSON by key', () => {
    const preferences = new SqlitePreferenceRepository(database);
    expect(preferences.get('quota-defaults')).toBeUndefined();
    preferences.set('quota-defaults', { instances: 5, running: null });
    preferences.set('quota-defaults', { instances: 6, running: 2 });
    expect(preferences.get('quota-defaults')).toEqual({ instances: 6, running: 2 });
    preferences.remove('quota-defaults');
    expect(preferences.get('quota-defaults')).toBeUndefined();
  });
});
