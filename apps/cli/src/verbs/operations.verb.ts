import type { OperationStatus } from '@tinystack/manager-client';
import { UsageError } from '../cli.errors.js';
import { operationColumns, operationNotes } from '../output/operation-view.js';
import { defineVerb } from './verb.js';

const STATUSES: readonly OperationStatus[] = ['running', 'succeeded', 'failed'];
const DEFAULT_LIMIT = 20;

export const operationsVerb = defineVerb({
  name: 'operations',
  section: 'Operations',
  summary: 'Recent operations (creates, starts, stops...), newest first',
  description: [
    'Every change to an instance is an operation on the manager, whoever asked for it (the console, this tool, ' +
      'a script). The manager keeps the newest 1000 in memory, none that ended over an hour ago (the event log ' +
      'keeps every outcome: tinystack events). Below the table: why each failed one failed. IDs are shortened: ' +
      'tinystack operation takes any unambiguous start of one.',
    "With --json: the manager's list (GET /api/operations).",
  ],
  options: {
    status: { type: 'string', value: 'STATUS', description: 'Only those running, succeeded or failed' },
    limit: { type: 'string', value: 'N', description: `At most this many, 1 to 1000 (default ${DEFAULT_LIMIT})` },
  },
  examples: ['tinystack operations --status running', 'tinystack operations --status failed --limit 5'],
  async run(call) {
    const status = call.option('status');
    if (status !== undefined && !STATUSES.includes(status as OperationStatus)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not ${JSON.stringify(status)}`, 'operations');
    }
    const limit = call.integer('limit', { min: 1, max: 1000 }) ?? DEFAULT_LIMIT;
    const operations = await call
      .manager()
      .listOperations({ limit, ...(status ? { status: status as OperationStatus } : {}) }, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(operations);
    if (operations.length === 0) {
      call.out.line(status ? `No ${status} operations.` : 'No operations in the last hour.');
      return;
    }
    call.out.table(operationColumns(call.now()), operations);
    const notes = operationNotes(operations, call.out.width);
    if (notes.length) call.out.lines(['', ...notes]);
  },
});
