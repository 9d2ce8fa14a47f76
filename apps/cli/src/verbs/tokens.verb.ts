import type { PersonalToken } from '@tinystack/manager-client';
import { OperationFailedError } from '../cli.errors.js';
import { configLocation, readConfig } from '../config/cli-config.js';
import { SHORT_ID_LENGTH, tokenColumns } from '../output/account-view.js';
import { dateTime } from '../output/figures.js';
import type { VerbCall } from './verb.js';
import { defineVerb } from './verb.js';

/** The id of the token tinystack login keeps, when the connection in effect uses it. */
function loginTokenId(call: VerbCall): string | undefined {
  const location = configLocation(call.env);
  if (call.connection().tokenFrom !== location.file) return undefined;
  const config = readConfig(location.file);
  return config.state === 'read' ? config.saved.tokenId : undefined;
}

export const tokensVerb = defineVerb({
  name: 'tokens',
  section: 'Your account',
  summary: 'Your personal tokens (never their secrets)',
  description: [
    'Id, name, when each was made, when it expires and when it was last used (recorded about once a minute). ' +
      'The one tinystack login keeps for this CLI is marked.',
    'With --json: the answer of GET /api/tokens.',
  ],
  async run(call) {
    const tokens = await call.manager().listTokens({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(tokens);
    if (tokens.length === 0) {
      call.out.line('You have no personal tokens. Make one: tinystack token add NAME (or tinystack login)');
      return;
    }
    call.out.table(tokenColumns(call.now(), loginTokenId(call)), tokens);
  },
});

export const tokenAddVerb = defineVerb({
  name: 'token add',
  section: 'Your account',
  summary: 'Make a personal token for a script; shown once',
  description: [
    'A token that acts as you, with your rights, for scripts and other computers: send it as ' +
      '"Authorization: Bearer <token>", or give it to tinystack as TINYSTACK_TOKEN. The manager keeps only its ' +
      'hash, so this is the only time it is shown. Without --days it works until revoked.',
    'With --json: the answer of POST /api/tokens, secret included.',
  ],
  arguments: [{ name: 'NAME' }],
  options: { days: { type: 'string', value: 'D', description: 'Days until it stops working (1 to 3650)' } },
  examples: ['tinystack token add backup-script --days 30'],
  async run(call) {
    const days = call.integer('days', { min: 1, max: 3650 });
    const created = await call
      .manager()
      .createToken({ name: call.args[0]!, ...(days === undefined ? {} : { expiresInDays: days }) }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(created);
    call.out.lines([
      `Token "${created.name}" (${created.id}), ${created.expiresAt ? `until ${dateTime(created.expiresAt)}` : 'until revoked'}:`,
      '',
      `  ${created.token}`,
      '',
      `Shown this once: keep it where only you can read it. Revoke it with tinystack token revoke ${created.id.slice(0, SHORT_ID_LENGTH)}`,
    ]);
  },
});

/** A token by id, by its name when one of the caller's tokens alone has it, or by the start of its id the table shows. */
export function pickToken(tokens: readonly PersonalToken[], wanted: string): PersonalToken {
  const byId = tokens.find((token) => token.id === wanted);
  if (byId) return byId;
  const named = tokens.filter((token) => token.name === wanted);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new OperationFailedError(`${named.length} of your tokens are named "${wanted}": give its id (tinystack tokens lists them)`);
  const started = wanted.length >= SHORT_ID_LENGTH ? tokens.filter((token) => token.id.startsWith(wanted.toLowerCase())) : [];
  if (started.length === 1) return started[0]!;
  throw new OperationFailedError(`you have no token with id or name "${wanted}" (tinystack tokens lists them)`);
}

export const tokenRevokeVerb = defineVerb({
  name: 'token revoke',
  section: 'Your account',
  summary: 'Revoke one of your personal tokens at once',
  description: [
    'ID is the token\'s id, or the start of it that tinystack tokens shows, or its name when no other token of ' +
      'yours has it. ' +
      'Requests with it are refused from now on. Revoking the token this CLI uses signs it out: tinystack logout ' +
      'does that and also clears the config file.',
  ],
  arguments: [{ name: 'ID' }],
  async run(call) {
    const manager = call.manager();
    const token = pickToken(await manager.listTokens({ timeoutMs: call.timeouts.readMs }), call.args[0]!);
    await manager.revokeToken(token.id, { timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line(`Revoked the token "${token.name}" (${token.id}).`);
  },
});
