import { TestBed } from '@angular/core/testing';
import { vi } from 'vitest';
import { AccountsApi } from '../api/accounts-api';
import type { CreatedUser, User, UserRole } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aUser, anAdmin } from '../../testing/manager-fixtures';
import { StrictAccountsApi } from '../../testing/strict-accounts-api';
import { deferred } from '../../testing/deferred';
import { ClassStore, usernamesOf } from './class-store';

const DEFAULTS = { instances: 5, running: 3, memoryMiB: null, memoryEnforced: false, memoryNote: 'Not enforced' };
const CLOSED = { open: false, code: null, expiresAt: null };

describe('usernamesOf', () => {
  it('reads a pasted list: one per line (or separated by commas, spaces), lower case, each once, in order', () => {
    expect(usernamesOf('Ann\n bob ,cara;\n\nann\r\ndave eve')).toEqual(['ann', 'bob', 'cara', 'dave', 'eve']);
    expect(usernamesOf('  \n ')).toEqual([]);
  });
});

describe('ClassStore', () => {
  let accounts: StrictAccountsApi;
  let live: FakeLiveEvents;
  let users: User[];
  let listUsers: ReturnType<typeof vi.fn<() => Promise<User[]>>>;

  function store(members: Partial<AccountsApi> = {}): ClassStore {
    listUsers = vi.fn(async () => users);
    accounts = new StrictAccountsApi({ listUsers, quotaDefaults: async () => DEFAULTS, classCode: async () => CLOSED, ...members });
    live = new FakeLiveEvents();
    TestBed.configureTestingModule({
      providers: [ClassStore, { provide: AccountsApi, useValue: accounts.api }, { provide: LiveEvents, useValue: live.asLiveEvents() }],
    });
    return TestBed.inject(ClassStore);
  }

  beforeEach(() => {
    users = [aUser({ id: 'u-bob', username: 'bob' }), anAdmin()];
  });

  afterEach(() => accounts.verify());

  it('loads users (by name), quota defaults and the class code', async () => {
    const current = store();
    await current.load();
    expect(current.users().map((user) => user.username)).toEqual(['admin', 'bob']);
    expect(current.defaults()).toEqual(DEFAULTS);
    expect(current.classCode()).toEqual(CLOSED);
    expect(current.loaded()).toBe(true);
  });

  it('adds one name with POST /api/users and several with the batch, keeping their one-time passwords to hand out', async () => {
    const created = (username: string, role: UserRole = 'member'): CreatedUser => ({ id: `u-${username}`, username, role, oneTimePassword: `otp-${username}` });
    const createUser = vi.fn(async (username: string, role: UserRole) => created(username, role));
    const createUsers = vi.fn(async (usernames: string[]) => usernames.map((username) => created(username)));
    const current = store({ createUser, createUsers });
    await current.add(['cara'], 'admin');
    await current.add(['dave', 'eve'], 'member');
    expect(createUser).toHaveBeenCalledWith('cara', 'admin');
    expect(createUsers).toHaveBeenCalledWith(['dave', 'eve'], 'member');
    expect(current.handedOut().map((entry) => `${entry.username} ${entry.oneTimePassword} ${entry.role}`)).toEqual([
      'cara otp-cara admin',
      'dave otp-dave member',
      'eve otp-eve member',
    ]);
    current.forgetHandedOut();
    expect(current.handedOut()).toEqual([]);
  });

  it("hands out a reset's new one-time password once, replacing an older one of the same user", async () => {
    const resetPassword = vi.fn(async () => 'second-otp');
    const current = store({ resetPassword });
    current.handedOut.set([{ id: 'u-bob', username: 'bob', role: 'member', oneTimePassword: 'first-otp' }]);
    await current.resetPassword(users[0]!);
    expect(resetPassword).toHaveBeenCalledWith('u-bob');
    expect(current.handedOut()).toEqual([{ id: 'u-bob', username: 'bob', role: 'member', oneTimePassword: 'second-otp' }]);
  });

  it('deletes a user with the choice made for their instances, and forgets their one-time password', async () => {
    const deleteUser = vi.fn(async () => ({ operations: [], reassigned: [] }));
    const current = store({ deleteUser });
    await current.load();
    current.handedOut.set([{ id: 'u-bob', username: 'bob', role: 'member', oneTimePassword: 'otp' }]);
    await current.remove(users[0]!, 'reassign');
    expect(deleteUser).toHaveBeenCalledWith('u-bob', 'reassign');
    expect(current.users().map((user) => user.username)).toEqual(['admin']);
    expect(current.handedOut()).toEqual([]);
  });

  it('reads the users again when instances change, one read at a time, and once more for a change during a read', async () => {
    const current = store();
    await current.load();
    expect(listUsers).toHaveBeenCalledTimes(1);
    const slow = deferred<User[]>();
    listUsers.mockReturnValueOnce(slow.promise);
    const instancesEvent = { type: 'instances' as const, at: '2025-01-01T10:00:00.000Z', nodeId: 'n1', nodeName: 'pi', instances: [] };
    live.emit(instancesEvent);
    live.emit(instancesEvent);
    live.emit(instancesEvent);
    expect(listUsers).toHaveBeenCalledTimes(2);
    users = [aUser({ id: 'u-bob', username: 'bob', usage: { instances: 2, running: 1, memoryMiB: 0 } })];
    slow.resolve([]);
    await vi.waitFor(() => expect(listUsers).toHaveBeenCalledTimes(3));
    await vi.waitFor(() => expect(current.users()[0]?.usage).toEqual({ instances: 2, running: 1, memoryMiB: 0 }));
  });

  it('opens the class code (showing it with its expiry) and closes it', async () => {
    const openClassCode = vi.fn(async () => ({ code: 'k7mp3qe9', expiresAt: '2025-01-01T11:00:00.000Z' }));
    const closeClassCode = vi.fn(async () => undefined);
    const current = store({ openClassCode, closeClassCode });
    await current.openClassCode(30);
    expect(openClassCode).toHaveBeenCalledWith(30);
    expect(current.classCode()).toEqual({ open: true, code: 'k7mp3qe9', expiresAt: '2025-01-01T11:00:00.000Z' });
    await current.closeClassCode();
    expect(current.classCode()).toEqual(CLOSED);
  });
});
