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
};

/** Said once the manager accepted it: "Stopping web1 on pi-1 (operation 5d3c8a4e-…)…". */
export function acceptedLine(operation: Operation, newName?: string): string {
  const what = operation.action === 'rename' && newName ? `${operation.instance} to ${newName}` : operation.instance;
  return `${RUNNING[operation.action]} ${what} on ${operation.nodeName} (operation ${operation.id})…`;
}

/** Why it failed, in the node's words, with what the manager did to learn them when the node's answer was lost. */
export function failureOf(operation: Operation): string {
  const message = operation.error?.message ?? 'it failed without saying why';
  return operation.note ? `${message} (${operation.note})` : message;
}

/** "the stop of web1 on pi-1". */
export function operationSubject(operation: Operation): string {
  return `the ${operation.action} of ${operation.instance} on ${operation.nodeName}`;
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
    { header: 'INSTANCE', cell: (operation) => operation.instance, shrink: 'wrap', minWidth: 10 },
    { header: 'NODE', cell: (operation) => operation.nodeName, shrink: 'wrap', minWidth: 8 },
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
    ['Action', `${operation.action} ${operation.instance}`],
    ['Node', `${operation.nodeName} (${operation.nodeId})`],
    ['Status', operation.status],
    ['Started', moment(operation.createdAt, now)],
    [operation.finishedAt ? 'Ended' : 'Running for', operation.finishedAt ? `${dateTime(operation.finishedAt)} (took ${took(operation, now)})` : took(operation, now)],
  ];
  if (operation.result) fields.push(['Result', instanceSummary(operation.result)]);
  if (operation.placement) {
    const candidates = operation.placement.candidates.map((candidate) => `${candidate.nodeName} ${candidate.score}`).join(', ');
    fields.push(['Placement', `${describePlacement(operation)} Scores: ${candidates || NONE}`]);
  }
  if (operation.error) fields.push(['Error', `${operation.error.statusCode}: ${operation.error.message}`]);
  if (operation.note) fields.push(['Note', operation.note]);
  return formatFields(fields, width);
}
