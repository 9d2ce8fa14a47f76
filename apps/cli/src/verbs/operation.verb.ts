import type { Operation } from '@tinystack/manager-client';
import { OperationFailedError, UsageError } from '../cli.errors.js';
import { formatOperationDetails } from '../output/operation-view.js';
import { requireSuccess, waitForEnd } from './operation-run.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { defineVerb, type VerbCall } from './verb.js';

const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_START = /^[0-9a-f][0-9a-f-]{3,35}$/i;
/** As many as the manager keeps: a start of an id is looked for among them all. */
const KEPT_OPERATIONS = 1000;

export const operationVerb = defineVerb({
  name: 'operation',
  section: 'Operations',
  summary: 'One operation: what, where, how it ended (--wait: once it has)',
  description: [
    'ID is an operation id, or an unambiguous start of one (4 characters or more), as tinystack operations and ' +
      'the change verbs print it. Without --wait: the operation as it is now, exit 0. With --wait: once it has ' +
      `ended (at most ${secondsOf(DEFAULT_TIMEOUTS.createMs)}, or --http-timeout); exit 0 when it succeeded, 1 when it ` +
      'failed or still runs.',
    "With --json: the operation (GET /api/operations/{id}).",
  ],
  arguments: [{ name: 'ID' }],
  options: { wait: { type: 'boolean', description: 'Wait for its end' } },
  examples: ['tinystack operation 5d3c8a4e --wait'],
  async run(call) {
    const found = await findOperation(call, call.args[0]!);
    const waitMs = call.timeouts.createMs;
    const operation = call.flag('wait') ? await waitForEnd(call, found, waitMs) : found;
    if (call.json) call.out.json(operation);
    else call.out.line(formatOperationDetails(operation, call.out.width, call.now()));
    if (call.flag('wait')) requireSuccess(operation, waitMs);
  },
});

async function findOperation(call: VerbCall, wanted: string): Promise<Operation> {
  const manager = call.manager();
  if (FULL_ID.test(wanted)) return manager.operation(wanted.toLowerCase(), 0, { timeoutMs: call.timeouts.readMs });
  if (!ID_START.test(wanted)) {
    throw new UsageError(`ID is an operation id or the start of one (4 or more of its characters), not ${JSON.stringify(wanted)}`, 'operation');
  }
  const start = wanted.toLowerCase();
  const known = await manager.listOperations({ limit: KEPT_OPERATIONS }, { timeoutMs: call.timeouts.readMs });
  const matches = known.filter((operation) => operation.id.startsWith(start));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UsageError(`${matches.length} operations have an id starting "${start}": give more of it`, 'operation');
  }
  throw new OperationFailedError(
    `no operation has an id starting "${start}" (the manager keeps them for an hour after they end: tinystack operations lists them)`,
  );
}
