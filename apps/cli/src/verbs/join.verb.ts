import type { DiscoveredBoard, JoinToken } from '@tinystack/manager-client';
import { UsageError } from '../cli.errors.js';
import { moment } from '../output/figures.js';
import type { Column } from '../output/table.js';
import { indentWrapped } from '../output/text.js';
import { defineVerb, type Command } from './verb.js';

// Boards that join by themselves: join tokens, and the boards heard on the LAN.

export const joinTokenAddVerb = defineVerb({
  name: 'join-token add',
  section: 'Nodes',
  summary: 'Make a join token and print the command that makes a board join',
  description: [
    'A board started with MANAGER_URL and JOIN_TOKEN, or on which the printed command is typed, joins the manager by ' +
      'itself. One token admits any number of boards until it expires (--hours, default 24, at most 720: the manager ' +
      'says) or is revoked. The token is shown this once: the manager keeps only its hash.',
    'With --json: the token with its secret and the command (POST /api/join-tokens).',
  ],
  options: {
    hours: { type: 'string', value: 'H', description: 'Hours until it admits no more boards (default 24)' },
    note: { type: 'string', value: 'NOTE', description: 'What it is for, to recognise it in the list' },
  },
  examples: ['tinystack join-token add --hours 4 --note "room 12"'],
  async run(call) {
    // The manager checks the range and says it.
    const expiresInHours = call.integer('hours', { min: 1, max: Number.MAX_SAFE_INTEGER });
    const note = call.option('note');
    const made = await call.manager().createJoinToken({ ...(expiresInHours !== undefined ? { expiresInHours } : {}), ...(note !== undefined ? { note } : {}) }, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(made);
    call.out.lines([
      `Join token ${made.id}, valid until ${moment(made.expiresAt, call.now())}. On each board, as root:`,
      '',
      `  ${made.command}`,
      '',
      indentWrapped('The token is shown this once. Or start the compute node with MANAGER_URL and JOIN_TOKEN set to the two values above.', call.out.width, 0),
    ]);
  },
});

const JOIN_TOKEN_COLUMNS = (now: number): readonly Column<JoinToken>[] => [
  { header: 'ID', cell: (token) => token.id },
  { header: 'STATE', cell: (token) => tokenState(token, now) },
  { header: 'USES', cell: (token) => String(token.uses), align: 'right' },
  { header: 'EXPIRES', cell: (token) => moment(token.expiresAt, now) },
  { header: 'NOTE', cell: (token) => token.note ?? '', shrink: 'truncate', minWidth: 8 },
];

function tokenState(token: JoinToken, now: number): string {
  if (token.revokedAt) return 'revoked';
  if (Date.parse(token.expiresAt) <= now) return 'expired';
  if (token.singleUse && token.uses > 0) return 'used';
  return 'valid';
}

export const joinTokensVerb = defineVerb({
  name: 'join-tokens',
  section: 'Nodes',
  summary: 'List the join tokens (never their secrets)',
  description: ['Each join token: valid, expired, revoked or used (a single-use one made to add a discovered board), how many boards joined with it, when it expires. With --json: GET /api/join-tokens.'],
  async run(call) {
    const tokens = await call.manager().listJoinTokens({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(tokens);
    if (tokens.length === 0) {
      call.out.line('No join tokens. Make one: tinystack join-token add');
      return;
    }
    call.out.table(JOIN_TOKEN_COLUMNS(call.now()), tokens);
  },
});

export const joinTokenRevokeVerb = defineVerb({
  name: 'join-token revoke',
  section: 'Nodes',
  summary: 'Revoke a join token: it admits no board from now on',
  description: ['Boards that joined with it stay registered; one that restarts with it is refused and says so. Prints nothing with --json.'],
  arguments: [{ name: 'ID' }],
  async run(call) {
    const id = call.args[0]!;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`a join token id is a UUID (see tinystack join-tokens), not "${id}"`, 'join-token revoke');
    await call.manager().revokeJoinToken(id, { timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line(`Revoked the join token ${id}.`);
  },
});

const DISCOVERED_COLUMNS = (now: number): readonly Column<DiscoveredBoard>[] => [
  { header: 'COMPUTE ID', cell: (board) => board.computeId },
  { header: 'NAME', cell: (board) => board.label, shrink: 'truncate', minWidth: 10 },
  { header: 'ADDRESS', cell: (board) => board.addresses.map((address) => `${address}:${board.port}`).join(' ') },
  { header: 'VERSION', cell: (board) => board.version ?? '?' },
  { header: 'JOINED', cell: (board) => (board.joined ? 'elsewhere' : 'no') },
  { header: 'HEARD', cell: (board) => moment(board.lastSeenAt, now) },
];

export const discoveredVerb = defineVerb({
  name: 'discovered',
  section: 'Nodes',
  summary: 'List the boards heard on the LAN that are not registered',
  description: [
    'The manager listens for boards on its LAN (mDNS, _tinystack._tcp) unless DISCOVERY_ENABLED=false. A board listed ' +
      'here is waiting to be added: tinystack add-board COMPUTE_ID. JOINED "elsewhere": it says it has joined another manager.',
    'With --json: GET /api/discovered.',
  ],
  async run(call) {
    const boards = await call.manager().listDiscovered({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(boards);
    if (boards.length === 0) {
      call.out.line('No board is waiting to be added (none heard on the LAN that is not registered).');
      return;
    }
    call.out.table(DISCOVERED_COLUMNS(call.now()), boards);
  },
});

export const addBoardVerb = defineVerb({
  name: 'add-board',
  section: 'Nodes',
  summary: 'Add a board heard on the LAN: it is handed a join token and joins',
  description: [
    'The manager makes a join token good for one board and 10 minutes and offers it to the board, which joins with it; ' +
      'this waits until it has joined, or says why not. A board set with JOIN_ACCEPT_OFFERS=false takes no offers.',
    'With --json: the registered node (POST /api/discovered/{computeId}/add).',
  ],
  arguments: [{ name: 'COMPUTE_ID' }],
  examples: ['tinystack discovered', 'tinystack add-board 0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b'],
  async run(call) {
    const node = await call.manager().addDiscovered(call.args[0]!, { timeoutMs: call.timeouts.createMs });
    if (call.json) return call.out.json(node);
    call.out.line(`Added ${node.name} (${node.id}) at ${node.url}: ${node.state}.`);
  },
});

/** The verbs of this module as the verb table lists them. */
export const JOIN_COMMANDS: readonly Command[] = [
  joinTokensVerb,
  { kind: 'group', name: 'join-token', verbs: [joinTokenAddVerb, joinTokenRevokeVerb], fallback: joinTokensVerb },
  discoveredVerb,
  addBoardVerb,
];
