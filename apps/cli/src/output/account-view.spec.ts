import { aPersonalToken, aQuota, aUser, anInstance } from '@tinystack/manager-client/test-support';
import { formatMe, formatQuota, formatQuotaDefaults, formatUser, oneTimePasswordSheet, tokenColumns, USER_COLUMNS, userStatus } from './account-view.js';
import { instanceColumns } from './instance-view.js';
import { formatTable } from './table.js';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('the users table', () => {
  it('shows role, status and use against the quota; a teacher has no quota, so only the numbers', () => {
    const users = [
      aUser({ username: 'admin', role: 'admin', builtIn: true, quota: aQuota({ instances: null, running: null, exempt: true }), usage: { instances: 4, running: 2, memoryMiB: 0 } }),
      aUser(),
      aUser({ username: 'bob', disabled: true, usage: { instances: 0, running: 0, memoryMiB: 0 } }),
      aUser({ username: 'carol', mustChangePassword: true, quota: aQuota({ instances: 8 }) }),
    ];
    const lines = formatTable(USER_COLUMNS, users, 80).split('\n');
    expect(lines[0]).toMatch(/^USER +ROLE +STATUS +INSTANCES +RUNNING +CREATED$/);
    expect(lines[1]).toMatch(/^admin +admin +active +4 +2 +\d{4}-/);
    expect(lines[2]).toMatch(/^alice +member +active +2\/5 +1\/3 +\d{4}-/);
    expect(lines[3]).toMatch(/^bob +member +disabled +0\/5 +0\/3 /);
    expect(lines[4]).toMatch(/^carol +member +one-time password +2\/8 +1\/3 /);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('names each status, disabled first', () => {
    expect(userStatus(aUser({ disabled: true, mustChangePassword: true }))).toBe('disabled');
    expect(userStatus(aUser({ hasPassword: false }))).toBe('no password yet');
    expect(userStatus(aUser({ mustChangePassword: true }))).toBe('one-time password');
  });
});

describe('the one-time password sheet', () => {
  it('says where to sign in and never cuts a password, even on a narrow terminal', () => {
    const sheet = oneTimePasswordSheet('http://10.0.0.2:8080');
    expect(sheet.intro).toContain('shown this once');
    expect(sheet.intro).toContain('http://10.0.0.2:8080');
    const rows = [
      { username: 'a-learner-with-a-rather-long-username', role: 'member' as const, oneTimePassword: 'k7mpx3qe9dwt' },
      { username: 'bob', role: 'member' as const, oneTimePassword: 'u4hz8rnc2wkq' },
    ];
    const table = formatTable(sheet.columns, rows, 40);
    expect(table).toMatch(/^USER +ROLE +ONE-TIME PASSWORD$/m);
    expect(table).toContain('a-learner-with-a-rather-long-username  member  k7mpx3qe9dwt');
    expect(table).toMatch(/^bob +member +u4hz8rnc2wkq$/m);
  });
});

describe('quotas', () => {
  it("say each limit, whether it is the learner's own or the default, and what the learner uses of it", () => {
    const user = aUser({ quota: aQuota({ instances: 8, overrides: { instances: 8, running: null, memoryMiB: null } }) });
    const text = formatQuota(user, 80);
    expect(text).toMatch(/^Instances +2 of 8 instances \(their own\)$/m);
    expect(text).toMatch(/^Running +1 of 3 running \(the default\)$/m);
    expect(text.replace(/\s+/g, ' ')).toContain('Memory 0, unlimited of memory limits (the default)');
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(formatQuota(aUser({ role: 'admin', quota: aQuota({ exempt: true }) }), 80)).toMatch(/^Quota +none for a teacher \(admin\); uses 2 instances, 1 running$/);
  });

  it('shows the defaults, unlimited as such', () => {
    const text = formatQuotaDefaults({ instances: 5, running: null, memoryMiB: null, memoryEnforced: false, memoryNote: 'Not enforced yet' }, 80);
    expect(text).toMatch(/^Instances +5 per learner$/m);
    expect(text).toMatch(/^Running +unlimited$/m);
    expect(text).toMatch(/^Memory +unlimited; Not enforced yet$/m);
  });
});

describe('one user and whoami', () => {
  it('show the role in words, how the caller signed in, and a one-time password to change', () => {
    expect(formatUser(aUser(), 80)).toMatch(/^Role +member \(learner: their own instances\)$/m);
    const me = formatMe({ user: aUser({ mustChangePassword: true }), csrfToken: null, authenticatedBy: 'token' }, 'the config file', 80);
    expect(me).toMatch(/^User +alice$/m);
    expect(me).toMatch(/^Signed in with +a personal token \(from the config file\)$/m);
    expect(me).toMatch(/^Password +one-time: choose yours with tinystack password$/m);
    const admin = formatMe({ user: aUser({ username: 'admin', role: 'admin', quota: aQuota({ exempt: true }) }), csrfToken: null, authenticatedBy: 'admin-token' }, 'TINYSTACK_TOKEN', 80);
    expect(admin).toMatch(/^Signed in with +MANAGER_TOKEN, the admin token \(from TINYSTACK_TOKEN\)$/m);
    expect(admin).toMatch(/^Quota +none for a teacher/m);
  });
});

describe('the tokens table', () => {
  it("marks this CLI's login token and expired ones, within 80 columns", () => {
    const now = Date.parse('2026-01-05T10:00:00.000Z');
    const tokens = [
      aPersonalToken({ lastUsedAt: '2026-01-05T09:59:00.000Z' }),
      aPersonalToken({ id: '0b3d9e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5', name: 'backup-script', expiresAt: '2026-01-04T10:00:00.000Z' }),
    ];
    const table = formatTable(tokenColumns(now, tokens[0]!.id), tokens, 80);
    expect(widest(table)).toBeLessThanOrEqual(80);
    expect(table).toContain('(this login)');
    expect(table).toContain('(expired)');
    expect(table.split('\n')[0]).toMatch(/^ID +NAME +EXPIRES +LAST USED$/);
    expect(table.split('\n')[1]).toMatch(/^7a1e3c90 +cli on lab-pc-3 \(this login\) +never +\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });
});

describe('the instances table of a teacher', () => {
  it('has the owner after the name; a learner\'s has none', () => {
    const teacher = formatTable(instanceColumns(true), [anInstance({ owner: 'alice' })], 80).split('\n');
    expect(teacher[0]).toMatch(/^NAME +OWNER +STATE +NODE +IPV4$/);
    expect(teacher[1]).toMatch(/^web1 +alice +RUNNING /);
    expect(formatTable(instanceColumns(false), [anInstance({ owner: 'alice' })], 80).split('\n')[0]).toMatch(/^NAME +STATE +NODE +IPV4$/);
  });
});
