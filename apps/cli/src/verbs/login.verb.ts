import { hostname } from 'node:os';
import { ManagerAnsweredError, ManagerClient, type ManagerClientError } from '@tinystack/manager-client';
import { OperationFailedError, UsageError } from '../cli.errors.js';
import { configLocation, readConfig, saveConfig, type SavedManager } from '../config/cli-config.js';
import { resolveManagerUrl } from '../config/connection.js';
import { describeFailure } from '../describe-failure.js';
import type { VerbCall } from './verb.js';
import { defineVerb } from './verb.js';

/** Longest token name the manager takes. */
const TOKEN_NAME_MAX = 64;

/** The name of the token a login makes, to recognise it in tinystack tokens: "cli on lab-pc-3". */
export function loginTokenName(host: string): string {
  return `cli on ${host.replace(/[\u0000-\u001f\u007f]/g, '') || 'this computer'}`.slice(0, TOKEN_NAME_MAX);
}

interface Credentials {
  username: string;
  password: string;
  /** The password to choose when the manager says the one given is a one-time password. */
  newPassword: () => Promise<string>;
}

/**
 * With --password-stdin: the password on stdin's first line (and the new one
 * on its second, for a one-time password). Else asked at the terminal,
 * without echo.
 */
export async function readCredentials(call: VerbCall, url: string): Promise<Credentials> {
  const given = call.option('username');
  if (call.flag('password-stdin')) {
    if (given === undefined) throw new UsageError('login --password-stdin needs --username NAME (stdin holds the password)', 'login');
    const [password = '', second] = (await call.stdin.readAll()).split(/\r?\n/);
    if (password === '') throw new UsageError('stdin held no password (its first line is the password)', 'login');
    return {
      username: given,
      password,
      newPassword: async () => {
        if (!second) {
          throw new OperationFailedError(
            `${given} signed in with a one-time password and must choose a new one first: give it on the second line of stdin, ` +
              'or run tinystack login at a terminal',
          );
        }
        return second;
      },
    };
  }
  if (!call.stdin.isTTY) throw new UsageError('no terminal to ask the password at: pipe it in with --password-stdin', 'login');
  const username = given ?? (await call.stdin.ask('Username: ', { hidden: false })).trim();
  if (username === '') throw new UsageError('login needs a username', 'login');
  const password = await call.stdin.ask(`Password of ${username} at ${url}: `, { hidden: true });
  return {
    username,
    password,
    newPassword: async () => {
      call.out.warn(`${username} has a one-time password: choose your own now (8 to 128 characters, not your username).`);
      const first = await call.stdin.ask('New password: ', { hidden: true });
      const again = await call.stdin.ask('New password again: ', { hidden: true });
      if (first !== again) throw new OperationFailedError('the two new passwords differ; nothing was changed: run tinystack login again');
      return first;
    },
  };
}

export const loginVerb = defineVerb({
  name: 'login',
  section: 'Your account',
  summary: 'Sign in with your username and password; keeps a personal token in the config file',
  description: [
    'Signs in to the manager (--url, else TINYSTACK_URL, else the config file), makes a personal token named ' +
      '"cli on <this computer>", keeps it with the address in the config file (readable by you only), and signs the ' +
      'session out: later commands use the token, with your rights. tinystack logout revokes it.',
    'The password is asked without echo; --password-stdin reads it from the first line of stdin instead (for ' +
      'scripts). After a one-time password from your teacher you choose your own: asked twice, or the second line ' +
      'of stdin.',
    'A token from an earlier login into this config file is revoked. TINYSTACK_TOKEN and --token still win over ' +
      'the file. With --json: who signed in and the token (never its secret).',
  ],
  options: {
    username: { type: 'string', value: 'NAME', description: 'Your username (asked when not given)' },
    'password-stdin': { type: 'boolean', description: 'Read the password from stdin instead of asking' },
  },
  examples: [
    'tinystack login --url http://10.0.0.2:8080 --username alice',
    'printf "%s\\n" "$PASSWORD" | tinystack login --username alice --password-stdin',
  ],
  async run(call) {
    const { url } = resolveManagerUrl(call.global('url'), call.env);
    const credentials = await readCredentials(call, url);
    const timeout = { timeoutMs: call.timeouts.readMs };
    const { manager: session, signedIn } = await ManagerClient.signIn(
      { baseUrl: url },
      { username: credentials.username, password: credentials.password },
      { timeoutMs: call.timeouts.changeMs },
    );
    let created;
    try {
      if (signedIn.user.mustChangePassword) {
        await session.changePassword({ currentPassword: credentials.password, newPassword: await credentials.newPassword() }, timeout);
      }
      created = await session.createToken({ name: loginTokenName(hostname()) }, timeout);
    } finally {
      // The token is what stays; the session was only the way to make it.
      await session.signOut(timeout).catch((error: ManagerClientError) => call.out.warn(`could not sign the session out: ${describeFailure(error)}`));
    }

    const location = configLocation(call.env);
    const before = readConfig(location.file);
    saveConfig(location, { url, token: created.token, tokenId: created.id, username: signedIn.user.username });
    if (before.state === 'read') await revokeEarlierLogin(call, before.saved, created.id);

    const overridden = call.global('token') !== undefined ? '--token' : call.env['TINYSTACK_TOKEN'] ? 'TINYSTACK_TOKEN' : null;
    if (overridden) call.out.warn(`${overridden} is set and wins over the config file: without it, commands use this sign-in`);
    const { token: _secret, ...token } = created;
    if (call.json) return call.out.json({ url, user: signedIn.user, token, configFile: location.file });
    const changed = signedIn.user.mustChangePassword ? ' Your new password is set.' : '';
    call.out.line(
      `Signed in to ${url} as ${signedIn.user.username} (${signedIn.user.role}).${changed} The token "${created.name}" is kept in ` +
        `${location.file}; tinystack logout revokes it.`,
    );
  },
});

/** An earlier login's token, now replaced in the file, would otherwise work on until someone revokes it. */
async function revokeEarlierLogin(call: VerbCall, saved: Partial<SavedManager>, keptId: string): Promise<void> {
  if (!saved.url || !saved.token || !saved.tokenId || saved.tokenId === keptId) return;
  try {
    await new ManagerClient({ baseUrl: saved.url, token: saved.token }).revokeToken(saved.tokenId, { timeoutMs: call.timeouts.readMs });
  } catch (error) {
    if (error instanceof ManagerAnsweredError && (error.status === 401 || error.status === 404)) return;
    call.out.warn(
      `the token of the earlier login (${saved.username ?? 'unknown user'} at ${saved.url}) could not be revoked: ${describeFailure(error)}; ` +
        `revoke it with tinystack token revoke ${saved.tokenId}`,
    );
  }
}

export const logoutVerb = defineVerb({
  name: 'logout',
  section: 'Your account',
  summary: 'Revoke the token of tinystack login and remove it from the config file',
  description: [
    'Revokes, on the manager, the personal token tinystack login kept in the config file, and removes it from ' +
      'the file (the address stays, for the next login). When the manager cannot be reached the file is left as ' +
      'it is, so that the token is not forgotten while it still works.',
    'A token the file got otherwise (config save, npm start) was not made by a login: it is only removed from ' +
      'the file. TINYSTACK_TOKEN and --token are not touched.',
  ],
  async run(call) {
    const location = configLocation(call.env);
    const config = readConfig(location.file);
    if (config.state === 'unusable') throw new UsageError(`${config.problem}; fix or remove it`);
    const saved = config.state === 'read' ? config.saved : {};
    if (!saved.token || !saved.url) {
      if (call.json) return call.out.json({ revoked: false, removed: false, configFile: location.file });
      call.out.line(`Not signed in: ${location.file} holds no token.`);
      return;
    }
    let revoked = false;
    let note = '';
    if (saved.tokenId) {
      try {
        await new ManagerClient({ baseUrl: saved.url, token: saved.token }).revokeToken(saved.tokenId, { timeoutMs: call.timeouts.readMs });
        revoked = true;
      } catch (error) {
        if (!(error instanceof ManagerAnsweredError) || (error.status !== 401 && error.status !== 404)) {
          throw new OperationFailedError(
            `the token could not be revoked, so ${location.file} keeps it: ${describeFailure(error)}. Try again, or revoke ` +
              `it elsewhere: tinystack token revoke ${saved.tokenId}`,
          );
        }
        note = ` (the manager no longer took it: ${error.message})`;
      }
    } else {
      note = ' (it was not made by tinystack login, so it still works on the manager)';
    }
    saveConfig(location, { url: saved.url });
    if (call.json) return call.out.json({ revoked, removed: true, configFile: location.file });
    const who = saved.username ? ` as ${saved.username}` : '';
    call.out.line(`Signed out of ${saved.url}${who}: ${revoked ? 'revoked the token and ' : ''}removed it from ${location.file}${note}.`);
  },
});
