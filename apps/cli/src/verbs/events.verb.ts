import type { EventLogEntry, ManagerEvent, ManagerNode } from '@tinystack/manager-client';
import { OperationFailedError, UsageError } from '../cli.errors.js';
import { bytes, dateTime, iops, percent, timeOfDay } from '../output/figures.js';
import { failureOf, SHORT_ID_LENGTH } from '../output/operation-view.js';
import type { Column } from '../output/table.js';
import { nodeOption, pickNode } from '../targets.js';
import { defineVerb, type VerbCall } from './verb.js';

const DEFAULT_LIMIT = 20;

const LOG_COLUMNS: readonly Column<EventLogEntry>[] = [
  { header: 'TIME', cell: (entry) => dateTime(entry.at) },
  { header: 'RESULT', cell: (entry) => (entry.result === 'success' ? 'ok' : 'FAILED') },
  { header: 'WHAT HAPPENED', cell: (entry) => entry.message, shrink: 'wrap', minWidth: 20 },
];

export const eventsVerb = defineVerb({
  name: 'events',
  section: 'Events',
  summary: 'The action log, or live events with --follow',
  description: [
    'Without --follow: the latest entries of the action log (registrations, state changes, every instance ' +
      'operation with its result), oldest first; --before ID pages back. With --follow: every event as the ' +
      'manager sends it (node state, instance lists, operations and their ends, actions; node usage after each poll with --usage) until ' +
      'Ctrl+C, or exit 1 when the manager ends the stream.',
    "With --json: the manager's page of the log, newest first (GET /api/events/log); with --follow one JSON " +
      'event per line (GET /api/events).',
  ],
  options: {
    follow: { type: 'boolean', short: 'f', description: 'Print live events as they happen' },
    usage: { type: 'boolean', description: 'With --follow: also the usage of each node after each poll' },
    node: { type: 'string', value: 'NODE', description: 'Only events about this node (name or id)' },
    limit: { type: 'string', value: 'N', description: `Log entries to show, 1 to 500 (default ${DEFAULT_LIMIT})` },
    before: { type: 'string', value: 'ID', description: 'Log entries older than this id (the next page)' },
  },
  examples: ['tinystack events --limit 50', 'tinystack events --follow --node pi-1'],
  async run(call) {
    if (call.flag('follow')) return follow(call);
    if (call.flag('usage')) throw new UsageError('--usage goes with --follow', 'events');
    const limit = call.integer('limit', { min: 1, max: 500 }) ?? DEFAULT_LIMIT;
    const before = call.integer('before', { min: 1, max: Number.MAX_SAFE_INTEGER });
    const node = await nodeOption(call);
    const page = await call.manager().eventLog(
      { limit, ...(before !== undefined ? { before } : {}), ...(node ? { nodeId: node.id } : {}) },
      { timeoutMs: call.timeouts.readMs },
    );
    if (call.json) return call.out.json(page);
    if (page.events.length === 0) {
      call.out.line('No events.');
      return;
    }
    call.out.table(LOG_COLUMNS, [...page.events].reverse());
    if (page.nextBefore !== null) call.out.line(`Older entries: tinystack events --before ${page.nextBefore}`);
  },
});

async function follow(call: VerbCall): Promise<void> {
  if (call.option('limit') !== undefined || call.option('before') !== undefined) {
    throw new UsageError('--follow prints new events only; --limit and --before are for the log', 'events');
  }
  const manager = call.manager();
  const nodes = await manager.listNodes({ timeoutMs: call.timeouts.readMs });
  const wanted = call.option('node');
  const only = wanted === undefined ? undefined : pickNode(nodes, wanted);
  const names = new Map(nodes.map((node) => [node.id, node.name]));
  const withUsage = call.flag('usage');
  const stream = await manager.openEventStream({ timeoutMs: call.timeouts.readMs });
  call.out.warn(`following the events of ${manager.baseUrl}; Ctrl+C stops`);
  for await (const event of stream) {
    if (event.type === 'node-state' || event.type === 'node-usage') names.set(event.node.id, event.node.name);
    if (only && nodeIdOf(event) !== only.id) continue;
    if (event.type === 'node-usage' && !withUsage) continue;
    if (call.json) call.out.jsonLine(event);
    else call.out.line(describeEvent(event, names));
  }
  throw new OperationFailedError(`the manager at ${manager.baseUrl} ended the event stream`);
}

function nodeIdOf(event: ManagerEvent): string | null {
  switch (event.type) {
    case 'node-state':
    case 'node-usage':
      return event.node.id;
    case 'node-removed':
    case 'instances':
      return event.nodeId;
    case 'action':
      return event.entry.nodeId;
    case 'operation':
      return event.operation.nodeId;
  }
}

/** One line per event: the time, what kind, and what it says. */
export function describeEvent(event: ManagerEvent, names: ReadonlyMap<string, string>): string {
  const at = timeOfDay(event.at);
  switch (event.type) {
    case 'action':
      return `${at}  ${event.entry.result === 'success' ? 'action   ' : 'FAILED   '} ${event.entry.message}`;
    case 'node-state':
      return `${at}  node      ${describeNodeState(event.node, event.previousState)}`;
    case 'node-usage': {
      const usage = event.node.usage;
      const figures = usage
        ? `CPU ${percent(usage.cpuPercent)}, memory ${percent(usage.memoryPercent)}, receive ${bytes(usage.networkRxBytesPerSecond)}/s, ` +
          `send ${bytes(usage.networkTxBytesPerSecond)}/s, IOPS ${iops(usage.iops)}`
        : 'no figures';
      return `${at}  usage     ${event.node.name}: ${figures}`;
    }
    case 'node-removed':
      return `${at}  removed   node ${names.get(event.nodeId) ?? event.nodeId}`;
    case 'instances': {
      const list = event.instances.map((instance) => `${instance.name} ${instance.state}`).join(', ');
      return `${at}  instances ${event.nodeName}: ${list || 'none'}`;
    }
    case 'operation': {
      const { action, instance, nodeName, status, id } = event.operation;
      const why = status === 'failed' ? `: ${failureOf(event.operation)}` : '';
      return `${at}  operation ${id.slice(0, SHORT_ID_LENGTH)} ${action} "${instance}" on ${nodeName}: ${status}${why}`;
    }
  }
}

function describeNodeState(node: ManagerNode, previous: string): string {
  const change = node.state === previous ? `is ${node.state}` : `is ${node.state} (was ${previous})`;
  const troubled = node.state === 'UNREACHABLE' || node.state === 'FAULTY';
  return `${node.name} ${change}${troubled && node.lastError ? `: ${node.lastError}` : ''}`;
}
