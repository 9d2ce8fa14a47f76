import type { Operation, OperationAction } from '@tinystack/manager-client';
import { formatFields } from './fields.js';
import { dateTime, duration, moment, NONE, timeOfDay } from './figures.js';
import { instanceSummary } from './instance-view.js';
import type { Column } from './table.js';
import { indentWrapped } from './text.js';

/** An operation id as tables show it: its first 8 characters (tinystack operation takes any unambiguous start). */
export const SHORT_ID_LENGTH = 8;

const RUNNING: Record<OperationAction, string> = {
  create: 'Creating',
  start: 'Starting',
  stop: 'Stopping',
  restart: 'Restarting',
  rename: 'Renaming',
  delete: 'Deleting',
  publish: 'Publishing',
  warm: 'Warming',
  batch: 'Creating the batch',
};

/** Said once the manager accepted it: "Stopping web1 on pi-1 (operation 5d3c8a4e-…)…". */
export function acceptedLine(operation: Operation, newName?: string): string {
  return `${RUNNING[operation.action]} ${describeTarget(operation, newName)} (operation ${operation.id})…`;
}

/** "web1 on pi-1", "web1 on pi-1 as image lab1", "image lab1 on every node", "web-{n}". */
function describeTarget(operation: Operation, newName?: string, withNode = true): string {
  const where = operation.nodeName && withNode ? ` on ${operation.nodeName}` : '';
  switch (operation.action) {
    case 'rename':
      return `${operation.instance}${newName ? ` to ${newName}` : ''}${where}`;
    case 'publish':
      return `${operation.instance}${where} as image ${operation.image ?? '?'}`;
    case 'warm':
      return `image ${operation.image ?? '?'} on the nodes that lack it`;
    case 'batch':
      return `${operation.instance}${operation.image ? ` from image ${operation.image}` : ''}`;
    default:
      return `${operation.instance}${where}${operation.image ? ` from image ${operation.image}` : ''}`;
  }
}

/** "sending lab1 to pi-2: 12.5 MiB of 50 MiB (25 %)". */
export function progressLine(operation: Operation): string | null {
  const progress = operation.progress;
  if (!progress) return null;
  const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${progress.phase}: ${mib(progress.bytes)} of ${mib(progress.totalBytes)} (${progress.percent} %)`;
}

/** Why it failed, in the node's words, with what the manager did to learn them when the node's answer was lost. */
export function failureOf(operation: Operation): string {
  const message = operation.error?.message ?? 'it failed without saying why';
  return operation.note ? `${message} (${operation.note})` : message;
}

/** "the stop of web1 on pi-1". */
export function operationSubject(operation: Operation): string {
  return `the ${operation.action} of ${describeTarget(operation)}`;
}

/** Where the manager put an instance it placed itself, and why; empty when the request named the node. */
export function describePlacement(operation: Operation): string {
  const chosen = operation.placement?.candidates[0];
  if (!operation.placement || !chosen) return '';
  const others = operation.placement.candidates.length - 1;
  const against = others > 0 ? `, against ${others} other node${others === 1 ? '' : 's'}` : '';
  return `Placed on the least loaded node (score ${chosen.score}${against}).`;
}

/** How long it ran: to its end, or until now while it runs. */
function took(operation: Operation, now: number): string {
  const started = Date.parse(operation.createdAt);
  const ended = operation.finishedAt ? Date.parse(operation.finishedAt) : now;
  return Number.isNaN(started) || Number.isNaN(ended) ? NONE : duration(Math.max(0, ended - started));
}

export function operationColumns(now: number): readonly Column<Operation>[] {
  return [
    { header: 'ID', cell: (operation) => operation.id.slice(0, SHORT_ID_LENGTH) },
    { header: 'STATUS', cell: (operation) => operation.status },
    { header: 'ACTION', cell: (operation) => operation.action },
    { header: 'INSTANCE', cell: (operation) => operation.instance || (operation.image ? `image ${operation.image}` : NONE), shrink: 'wrap', minWidth: 10 },
    { header: 'NODE', cell: (operation) => operation.nodeName ?? 'several', shrink: 'wrap', minWidth: 8 },
    { header: 'STARTED', cell: (operation) => timeOfDay(operation.createdAt) },
    { header: 'TOOK', cell: (operation) => (operation.status === 'running' ? `${took(operation, now)} so far` : took(operation, now)), align: 'right' },
  ];
}

/** What a table of operations cannot show: why each failed one failed. */
export function operationNotes(operations: readonly Operation[], width: number): string[] {
  return operations
    .filter((operation) => operation.status === 'failed')
    .map((operation) => indentWrapped(`${operation.id.slice(0, SHORT_ID_LENGTH)} ${operationSubject(operation)} failed: ${failureOf(operation)}`, width, 0));
}

/** Everything about one operation, as labelled lines. */
export function formatOperationDetails(operation: Operation, width: number, now: number): string {
  const fields: Array<[string, string]> = [
    ['Id', operation.id],
    ['Action', `${operation.action} ${describeTarget(operation, undefined, false)}`],
    ['Node', operation.nodeId ? `${operation.nodeName} (${operation.nodeId})` : 'several (see Results)'],
    ['Status', operation.status],
    ['Started', moment(operation.createdAt, now)],
    [operation.finishedAt ? 'Ended' : 'Running for', operation.finishedAt ? `${dateTime(operation.finishedAt)} (took ${took(operation, now)})` : took(operation, now)],
  ];
  if (operation.result) fields.push(['Result', instanceSummary(operation.result)]);
  if (operation.placement) {
    const candidates = operation.placement.candidates.map((candidate) => `${candidate.nodeName} ${candidate.score}`).join(', ');
    fields.push(['Placement', `${describePlacement(operation)} Scores: ${candidates || NONE}`]);
  }
  const progress = progressLine(operation);
  if (progress) fields.push(['Progress', progress]);
  if (operation.results) {
    fields.push(['Results', operation.results.map((item) => `${item.name}${item.nodeName ? ` (${item.nodeName})` : ''}: ${item.status}${item.message ? `, ${item.message}` : ''}`).join('; ') || NONE]);
  }
  if (operation.error) fields.push(['Error', `${operation.error.statusCode}: ${operation.error.message}`]);
  if (operation.note) fields.push(['Note', operation.note]);
  return formatFields(fields, width);
}
