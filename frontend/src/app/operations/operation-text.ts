import type { Operation, OperationAction } from '../api/manager-api.types';

const RUNNING: Record<OperationAction, string> = {
  create: 'creating',
  start: 'starting',
  stop: 'stopping',
  restart: 'restarting',
  rename: 'renaming',
  delete: 'deleting',
  publish: 'publishing',
  warm: 'warming',
  batch: 'creating copies of',
};

const DONE: Record<OperationAction, string> = {
  create: 'Created',
  start: 'Started',
  stop: 'Stopped',
  restart: 'Restarted',
  rename: 'Renamed',
  delete: 'Deleted',
  publish: 'Published',
  warm: 'Warmed',
  batch: 'Created copies of',
};

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** On the instance's row while it runs: "stopping…", "creating on pi-node-1…". */
export function runningLabel(operation: Operation): string {
  return `${RUNNING[operation.action]}${operation.action === 'create' ? ` on ${operation.nodeName}` : ''}…`;
}

/** Where the manager put an instance it placed itself, and why; empty when the request named the node. */
export function describePlacement(operation: Operation): string {
  const chosen = operation.placement?.candidates[0];
  if (!operation.placement || !chosen) return '';
  const others = operation.placement.candidates.length - 1;
  const against = others > 0 ? `, against ${others} other node${others === 1 ? '' : 's'}` : '';
  return `Placed automatically on "${operation.nodeName}", the least loaded node (score ${chosen.score}${against}).`;
}

/** Said once the manager accepted it: 'Stopping "web1" on "pi-node-1"…' (a rename names the new name when it is known). */
export function acceptedText(operation: Operation, newName?: string): string {
  const what = operation.action === 'rename' && newName ? `"${operation.instance}" to "${newName}"` : `"${operation.instance}"`;
  const placement = describePlacement(operation);
  return `${capitalized(RUNNING[operation.action])} ${what} on "${operation.nodeName}"…${placement ? ` ${placement}` : ''}`;
}

/** Why it failed, in the node's words, with what the manager did to learn them when the answer was lost. */
export function failureOf(operation: Operation): string {
  const message = operation.error?.message ?? 'It failed without saying why';
  return operation.note ? `${message} (${operation.note})` : message;
}

/** Said once it ended: what it did, or why it could not. */
export function outcomeText(operation: Operation): string {
  const { action, instance, nodeName, result } = operation;
  if (operation.status !== 'succeeded') return `Could not ${action} "${instance}": ${failureOf(operation)}`;
  const placement = describePlacement(operation);
  switch (action) {
    case 'create':
      return `Created "${instance}" on "${nodeName}" (${result?.state ?? 'state unknown'}).${placement ? ` ${placement}` : ''}`;
    case 'rename':
      return `Renamed "${instance}" to "${result?.name ?? '?'}" on "${nodeName}".`;
    case 'delete':
      return `Deleted "${instance}" on "${nodeName}".`;
    default:
      return `${DONE[action]} "${instance}" on "${nodeName}" (now ${result?.state ?? 'unknown'}).`;
  }
}
