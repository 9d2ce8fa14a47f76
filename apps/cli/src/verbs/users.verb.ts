import { readFileSync } from 'node:fs';
import type { CreatedUser, DeletedUserInstances, Operation, QuotaChange } from '@tinystack/manager-client';
import { OperationFailedError, UsageError } from '../cli.errors.js';
import { describeFailure } from '../describe-failure.js';
import { formatQuota, formatUser, oneTimePasswordSheet, USER_COLUMNS, type OneTimePasswordRow } from '../output/account-view.js';
import { duration } from '../output/figures.js';
import { failureOf } from '../output/operation-view.js';
import { indentWrapped } from '../output/text.js';
import { findUser } from '../targets.js';
import { waitForEnd } from './operation-run.js';
import type { VerbCall } from './verb.js';
import { defineVerb } from './verb.js';

const TEACHER_ONLY = 'For a teacher (admin) only: a learner (member) is refused.';

export const usersVerb = defineVerb({
  name: 'users',
  section: 'Class (teacher)',
  summary: 'Every user: role, status, and instances in use against the quota',
  description: [
    'Username, role, status (active, disabled, one-time password, no password yet), instances and running ' +
      'instances as used/quota (no quota: the number alone), and when the account was made.',
    TEACHER_ONLY,
    'With --json: the answer of GET /api/users.',
  ],
  async run(call) {
    const users = await call.manager().listUsers({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(users);
    call.out.table(USER_COLUMNS, users);
  },
});

export const userShowVerb = defineVerb({
  name: 'user show',
  section: 'Class (teacher)',
  summary: 'One user: role, status, quota and what they use (also: tinystack user NAME)',
  description: [TEACHER_ONLY, 'With --json: the answer of GET /api/users/{id}.'],
  arguments: [{ name: 'NAME' }],
  async run(call) {
    const user = await findUser(call, call.args[0]!);
    if (call.json) return call.out.json(user);
    call.out.line(formatUser(user, call.out.width));
  },
});

/** The names typed, then those of --from FILE: one or more a line, "#" starts a comment. */
export function namesToAdd(args: readonly string[], file: string | undefined): string[] {
  const names = [...args];
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`, 'user add');
    }
    for (const line of text.split(/\r?\n/)) names.push(...line.replace(/#.*/, '').split(/[\s,;]+/).filter(Boolean));
  }
  if (names.length === 0) throw new UsageError(`user add needs NAME (one or more), or --from FILE${file ? ` (${file} names nobody)` : ''}`, 'user add');
  return names;
}

function printOneTimePasswords(call: VerbCall, rows: readonly OneTimePasswordRow[]): void {
  const sheet = oneTimePasswordSheet(call.connection().url);
  call.out.line(indentWrapped(sheet.intro, call.out.width, 0));
  call.out.line();
  call.out.table(sheet.columns, rows);
}

export const userAddVerb = defineVerb({
  name: 'user add',
  section: 'Class (teacher)',
  summary: 'Add users (one or a whole class); prints their one-time passwords once',
  description: [
    'Makes an account for each NAME (2 to 32 lower-case letters, digits, "_" or "-", starting with a letter), ' +
      'learners (members) unless --admin. Several names are one request: all are added or none, and a taken or ' +
      'wrong name is named. --from FILE reads names from a file, one or more a line ("#" starts a comment).',
    'Prints a table of one-time passwords to print or read out: shown this once (the manager keeps only hashes). ' +
      'Each user chooses their own password at their first sign-in. Lost one? tinystack user reset NAME.',
    TEACHER_ONLY,
    'With --json: the answer of POST /api/users/batch (a list, one-time passwords included).',
  ],
  arguments: [{ name: 'NAME', optional: true, variadic: true }],
  options: {
    admin: { type: 'boolean', description: 'Make them teachers (admins) instead of learners' },
    from: { type: 'string', value: 'FILE', description: 'Read the names from FILE' },
  },
  examples: ['tinystack user add alice bob carol', 'tinystack user add --from class-4b.txt', 'tinystack user add ms-lee --admin'],
  async run(call) {
    const names = namesToAdd(call.args, call.option('from'));
    const role = call.flag('admin') ? 'admin' : 'member';
    const manager = call.manager();
    const timeout = { timeoutMs: call.timeouts.changeMs };
    const created: CreatedUser[] =
      names.length === 1 ? [await manager.createUser({ username: names[0]!, role }, timeout)] : await manager.createUsers({ usernames: names, role }, timeout);
    if (call.json) return call.out.json(created);
    printOneTimePasswords(call, created);
  },
});

export const userResetVerb = defineVerb({
  name: 'user reset',
  section: 'Class (teacher)',
  summary: 'Give a user a new one-time password (they forgot theirs)',
  description: [
    'The old password stops working and the user\'s sessions end (their tokens keep working; disable the user ' +
      'to stop those). The one-time password is shown this once; they choose their own at the next sign-in.',
    TEACHER_ONLY,
    'With --json: the answer of POST /api/users/{id}/reset-password.',
  ],
  arguments: [{ name: 'NAME' }],
  async run(call) {
    const user = await findUser(call, call.args[0]!);
    const reset = await call.manager().resetPassword(user.id, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(reset);
    printOneTimePasswords(call, [{ username: user.username, role: user.role, oneTimePassword: reset.oneTimePassword }]);
  },
});

function disabledVerb(disabled: boolean) {
  const word = disabled ? 'disable' : 'enable';
  return defineVerb({
    name: `user ${word}`,
    section: 'Class (teacher)',
    summary: disabled ? 'Lock a user out at once: sessions and tokens included' : 'Let a disabled user sign in again',
    description: [
      disabled
        ? 'Every request of theirs is refused from now on, sessions, tokens and event streams included; their ' +
          'instances stay as they are. The built-in admin and yourself cannot be disabled.'
        : 'Their password and tokens work again.',
      TEACHER_ONLY,
      'With --json: the user (PUT /api/users/{id}).',
    ],
    arguments: [{ name: 'NAME' }],
    async run(call) {
      const user = await findUser(call, call.args[0]!);
      const changed = await call.manager().updateUser(user.id, { disabled }, { timeoutMs: call.timeouts.changeMs });
      if (call.json) return call.out.json(changed);
      call.out.line(disabled ? `Disabled ${changed.username}: their sessions and tokens stopped working.` : `Enabled ${changed.username}.`);
    },
  });
}

export const userDisableVerb = disabledVerb(true);
export const userEnableVerb = disabledVerb(false);

/** Why an ended (or still running) delete did not succeed; undefined when it did. */
function unsuccessful(operation: Operation, waitedMs: number): string | undefined {
  if (operation.status === 'succeeded') return undefined;
  if (operation.status === 'failed') return failureOf(operation);
  return `still running after ${duration(waitedMs)}; follow it: tinystack operation ${operation.id} --wait`;
}

const INSTANCE_CHOICES: readonly DeletedUserInstances[] = ['reassign', 'delete'];

export function instancesChoice(value: string | undefined): DeletedUserInstances {
  if (value === undefined) {
    throw new UsageError('say what becomes of their instances: --instances reassign (to admin) or --instances delete', 'user delete');
  }
  const choice = INSTANCE_CHOICES.find((candidate) => candidate === value);
  if (!choice) throw new UsageError(`--instances is reassign or delete, not ${JSON.stringify(value)}`, 'user delete');
  return choice;
}

export const userDeleteVerb = defineVerb({
  name: 'user delete',
  section: 'Class (teacher)',
  summary: 'Delete a user; their instances go to admin or are deleted (--instances)',
  description: [
    'Their account, sessions and tokens end at once. --instances is required: reassign gives their instances to ' +
      'the built-in admin; delete deletes each (forced: running ones are stopped first) and waits for those ' +
      'deletes, like tinystack delete. An instance whose node is down cannot be deleted now: it goes to admin, ' +
      'and the reason is printed. The built-in admin and yourself cannot be deleted.',
    TEACHER_ONLY,
    'With --json: the answer of DELETE /api/users/{id}, with the operations as they ended.',
  ],
  arguments: [{ name: 'NAME' }],
  options: { instances: { type: 'string', value: 'reassign|delete', description: 'What becomes of their instances (required)' } },
  examples: ['tinystack user delete alice --instances reassign', 'tinystack user delete bob --instances delete'],
  async run(call) {
    const choice = instancesChoice(call.option('instances'));
    const user = await findUser(call, call.args[0]!);
    const manager = call.manager();
    const deleted = await manager.deleteUser(user.id, choice, { timeoutMs: call.timeouts.changeMs });
    const waitMs = call.timeouts.changeMs;
    const outcomes = await Promise.allSettled(deleted.operations.map((operation) => waitForEnd(call, operation, waitMs)));
    // Each delete as it ended, or as last known (the manager could not be asked), with why it did not succeed.
    const ends = outcomes.map((outcome, index) => {
      const operation = outcome.status === 'fulfilled' ? outcome.value : deleted.operations[index]!;
      const failure = outcome.status === 'rejected' ? describeFailure(outcome.reason) : unsuccessful(operation, waitMs);
      return { operation, failure };
    });
    const failures = ends.filter((end) => end.failure !== undefined);
    if (call.json) {
      call.out.json({ ...deleted, operations: ends.map((end) => end.operation) });
    } else {
      call.out.line(`Deleted the user ${user.username}.`);
      for (const { operation, failure } of ends) {
        if (failure === undefined) call.out.line(`Deleted ${operation.instance} from ${operation.nodeName}.`);
        else call.out.line(`Could not delete ${operation.instance} from ${operation.nodeName}: ${failure}`);
      }
      for (const moved of deleted.reassigned) {
        const why = moved.reason === 'reassigned' ? '' : ` (${moved.reason})`;
        call.out.line(`${moved.instance} on ${moved.nodeName ?? moved.nodeId} now belongs to admin${why}.`);
      }
    }
    if (failures.length > 0) throw new OperationFailedError(`${failures.length} of the ${ends.length} deletes failed (see above)`);
  },
});

/** A quota option: a whole number, or the word that means null (`default` for a user, `unlimited` for the defaults). */
export function quotaValue(call: VerbCall, name: string, nullWord: string, max: number): number | null | undefined {
  const text = call.option(name);
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === nullWord) return null;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} is a whole number from 0 to ${max}, or ${nullWord}; not ${JSON.stringify(text)}`);
  return call.integer(name, { min: 0, max });
}

const MAX_COUNT = 1000;
const MAX_MEMORY_MIB = 1_048_576;

/** The quota fields given on the command line; the others are left out (unchanged). */
export function quotaChange(call: VerbCall, nullWord: string): QuotaChange {
  const change: QuotaChange = {};
  const instances = quotaValue(call, 'instances', nullWord, MAX_COUNT);
  const running = quotaValue(call, 'running', nullWord, MAX_COUNT);
  const memory = quotaValue(call, 'memory', nullWord, MAX_MEMORY_MIB);
  if (instances !== undefined) change.instances = instances;
  if (running !== undefined) change.running = running;
  if (memory !== undefined) change.memoryMiB = memory;
  return change;
}

export const userQuotaVerb = defineVerb({
  name: 'user quota',
  section: 'Class (teacher)',
  summary: "Show or change one learner's quota (their own limits over the defaults)",
  description: [
    'Without options: their limits, whether each is their own or the default, and what they use now. With ' +
      'options: sets their own limits; "default" (or --default for all three) makes a limit follow the defaults ' +
      'again (tinystack quota). A create over --instances, or a start over --running, is refused with a message ' +
      'saying so. Memory is kept for when instances get memory limits: it is not enforced yet. Teachers (admins) ' +
      'have no quota.',
    TEACHER_ONLY,
    'With --json: the user (GET or PUT /api/users/{id}).',
  ],
  arguments: [{ name: 'NAME' }],
  options: {
    instances: { type: 'string', value: 'N', description: 'Instances they may have (or default)' },
    running: { type: 'string', value: 'N', description: 'Instances they may run at once (or default)' },
    memory: { type: 'string', value: 'MiB', description: 'MiB of instance memory (or default; not enforced yet)' },
    default: { type: 'boolean', description: 'All three follow the defaults again' },
  },
  examples: ['tinystack user quota alice --instances 8 --running 4', 'tinystack user quota alice --running default', 'tinystack user quota alice --default'],
  async run(call) {
    const change = quotaChange(call, 'default');
    if (call.flag('default')) {
      if (Object.keys(change).length > 0) throw new UsageError('--default sets all three to the default: give it alone', 'user quota');
      Object.assign(change, { instances: null, running: null, memoryMiB: null });
    }
    let user = await findUser(call, call.args[0]!);
    if (Object.keys(change).length > 0) user = await call.manager().updateUser(user.id, { quota: change }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(user);
    call.out.line(`${user.username}:`);
    call.out.line(formatQuota(user, call.out.width));
  },
});
