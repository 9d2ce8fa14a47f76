import type { CreatedUser, ManagerUser, Me, PersonalToken, Quota, QuotaDefaults } from '@tinystack/manager-client';
import { dateTime, NONE } from './figures.js';
import { formatFields } from './fields.js';
import type { Column } from './table.js';

type Limit = number | null;

/** A user and the one-time password just made for them. */
export type OneTimePasswordRow = Pick<CreatedUser, 'username' | 'role' | 'oneTimePassword'>;

/** What a user's account allows now: active, disabled, waiting for a new password, or no password at all. */
export function userStatus(user: ManagerUser): string {
  if (user.disabled) return 'disabled';
  if (!user.hasPassword) return 'no password yet';
  if (user.mustChangePassword) return 'one-time password';
  return 'active';
}

/** In use against a limit: 2/5, or 2 when nothing limits it. */
function usedOf(used: number, limit: Limit, exempt: boolean): string {
  return exempt || limit === null ? String(used) : `${used}/${limit}`;
}

export const USER_COLUMNS: readonly Column<ManagerUser>[] = [
  { header: 'USER', cell: (user) => user.username, shrink: 'wrap', minWidth: 10 },
  { header: 'ROLE', cell: (user) => user.role },
  { header: 'STATUS', cell: userStatus },
  { header: 'INSTANCES', cell: (user) => usedOf(user.usage.instances, user.quota.instances, user.quota.exempt), align: 'right' },
  { header: 'RUNNING', cell: (user) => usedOf(user.usage.running, user.quota.running, user.quota.exempt), align: 'right' },
  { header: 'CREATED', cell: (user) => dateTime(user.createdAt) },
];

/**
 * One-time passwords as a sheet to print and hand out: who, the password,
 * and where to sign in. Never shrunk: a cut password is no password.
 */
export function oneTimePasswordSheet(url: string): { intro: string; columns: Column<OneTimePasswordRow>[] } {
  return {
    intro:
      `One-time passwords, shown this once. Sign in at ${url} (console or tinystack login --url ${url}); ` +
      'the first sign-in asks for a new password.',
    columns: [
      { header: 'USER', cell: (user) => user.username },
      { header: 'ROLE', cell: (user) => user.role },
      { header: 'ONE-TIME PASSWORD', cell: (user) => user.oneTimePassword },
    ],
  };
}

function limitText(limit: Limit, unit: string): string {
  return limit === null ? 'unlimited' : `${limit} ${unit}`;
}

type Fields = Array<readonly [string, string]>;

/** A user's quota: each limit, whether it is their own or the default, and what they use of it. */
function quotaFields(user: ManagerUser): Fields {
  const quota = user.quota;
  if (quota.exempt) return [['Quota', `none for a teacher (admin); uses ${user.usage.instances} instances, ${user.usage.running} running`]];
  const source = (own: Limit) => (own === null ? 'the default' : 'their own');
  return [
    ['Instances', `${usedAgainst(user.usage.instances, quota.instances, 'instances')} (${source(quota.overrides.instances)})`],
    ['Running', `${usedAgainst(user.usage.running, quota.running, 'running')} (${source(quota.overrides.running)})`],
    ['Memory', `${usedAgainst(user.usage.memoryMiB, quota.memoryMiB, 'MiB')} of memory limits (${source(quota.overrides.memoryMiB)})${memoryNote(quota)}`],
  ];
}

function usedAgainst(used: number, limit: Limit, unit: string): string {
  return limit === null ? `${used}, unlimited` : `${used} of ${limit} ${unit}`;
}

export function formatQuota(user: ManagerUser, width: number): string {
  return formatFields(quotaFields(user), width);
}

function memoryNote(quota: Pick<Quota | QuotaDefaults, 'memoryEnforced' | 'memoryNote'>): string {
  return quota.memoryEnforced ? '' : `; ${quota.memoryNote ?? 'not enforced'}`;
}

/** One user: name, role, status, quota, created. */
export function formatUser(user: ManagerUser, width: number): string {
  return formatFields(
    [
      ['User', `${user.username}${user.builtIn ? ' (built in)' : ''}`],
      ['Id', user.id],
      ['Role', roleText(user.role)],
      ['Status', userStatus(user)],
      ['Created', dateTime(user.createdAt)],
      ...quotaFields(user),
    ],
    width,
  );
}

function roleText(role: ManagerUser['role']): string {
  return role === 'admin' ? 'admin (teacher: everything)' : 'member (learner: their own instances)';
}

const SIGNED_IN_WITH: Record<Me['authenticatedBy'], string> = {
  token: 'a personal token',
  'admin-token': 'MANAGER_TOKEN, the admin token',
  session: 'a session',
};

/** tinystack whoami. */
export function formatMe(me: Me, tokenFrom: string, width: number): string {
  return formatFields(
    [
      ['User', me.user.username],
      ['Role', roleText(me.user.role)],
      ['Signed in with', `${SIGNED_IN_WITH[me.authenticatedBy]} (from ${tokenFrom})`],
      ...(me.user.mustChangePassword ? ([['Password', 'one-time: choose yours with tinystack password']] as const) : []),
      ...quotaFields(me.user),
    ],
    width,
  );
}

/** The quota defaults every learner has unless given their own. */
export function formatQuotaDefaults(defaults: QuotaDefaults, width: number): string {
  return formatFields(
    [
      ['Instances', `${limitText(defaults.instances, 'per learner')}`],
      ['Running', `${limitText(defaults.running, 'at once per learner')}`],
      ['Memory', `${limitText(defaults.memoryMiB, 'MiB per learner')}${memoryNote(defaults)}`],
    ],
    width,
  );
}

/** Characters of a token id the table shows; tinystack token revoke takes them (or the whole id, or the name). */
export const SHORT_ID_LENGTH = 8;

/** The caller's tokens (ids cut to their start, expiry to the day: --json has them whole); `inUse` marks this CLI's login. */
export function tokenColumns(now: number, inUse: string | undefined): Column<PersonalToken>[] {
  const expires = (token: PersonalToken) => {
    if (token.expiresAt === null) return 'never';
    const day = dateTime(token.expiresAt).slice(0, 10);
    return Date.parse(token.expiresAt) <= now ? `${day} (expired)` : day;
  };
  return [
    { header: 'ID', cell: (token) => token.id.slice(0, SHORT_ID_LENGTH) },
    { header: 'NAME', cell: (token) => token.name + (token.id === inUse ? ' (this login)' : ''), shrink: 'wrap', minWidth: 16 },
    { header: 'EXPIRES', cell: expires, shrink: 'wrap', minWidth: 10 },
    { header: 'LAST USED', cell: (token) => (token.lastUsedAt ? dateTime(token.lastUsedAt).slice(0, 16) : NONE), shrink: 'wrap', minWidth: 10 },
  ];
}
