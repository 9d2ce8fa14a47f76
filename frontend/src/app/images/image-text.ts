import type { Operation } from '../api/manager-api.types';
import { failureOf } from '../operations/operation-text';

const UNITS = ['B', 'kB', 'MB', 'GB'];

/** A size in decimal units, one decimal under 10 (an image of busybox is a few MB): 812 kB, 2.4 MB, 48 MB. */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * When an image was made, in the browser's locale: "1 Jan 2025, 09:30".
 * Intl rather than DatePipe: the pipe's code would join the first download
 * (it shares a module with what every page uses).
 */
export function formatCreated(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The first 12 hex digits, as the table shows a sha256 (the details show all of it). */
export const shortSha256 = (sha256: string) => sha256.slice(0, 12);

/** Where an image came from, for people: "uploaded", "Debian build", "published from lab1-master on pi-node-1". */
export function describeSource(source: string): string {
  if (source === 'upload') return 'uploaded';
  if (source === 'debian') return 'Debian build';
  const published = /^instance:([^/]+)\/(.+)$/.exec(source);
  return published ? `published from ${published[2]} on ${published[1]}` : source;
}

/** An image operation of the page while it runs: what moves and how far ("sending lab1 to pi-node-2: 12 MB of 48 MB, 25 %"). */
export function progressText(operation: Operation): string {
  const progress = operation.progress;
  if (!progress) return operation.action === 'publish' ? 'starting: the node is asked for the root filesystem…' : 'starting…';
  // A publish learns its size only at the end: its totalBytes is the bytes so far.
  if (operation.action === 'publish' && operation.status === 'running') return `${progress.phase}: ${formatSize(progress.bytes)} so far`;
  return `${progress.phase}: ${formatSize(progress.bytes)} of ${formatSize(progress.totalBytes)}, ${progress.percent} %`;
}

/** Said once the manager accepted a publish or a warm. */
export function imageAcceptedText(operation: Operation): string {
  if (operation.action === 'publish') {
    return `Publishing "${operation.instance}" of "${operation.nodeName}" as "${operation.image}"…`;
  }
  return `Sending "${operation.image}" to every active board of its architecture that lacks it…`;
}

/** Said once a publish or a warm ended: what it did on each board, or why it could not. */
export function imageOutcomeText(operation: Operation): string {
  const perNode = (operation.results ?? []).map((result) => `${result.name}: ${result.message ?? result.status}`).join('; ');
  if (operation.action === 'publish') {
    return operation.status === 'succeeded'
      ? `Published "${operation.instance}" of "${operation.nodeName}" as "${operation.image}".`
      : `Could not publish "${operation.image}": ${failureOf(operation)}`;
  }
  if (operation.status === 'succeeded') return `"${operation.image}" is on every board of its architecture${perNode ? ` (${perNode})` : ''}.`;
  return `Could not warm "${operation.image}" everywhere: ${failureOf(operation)}${perNode ? ` (${perNode})` : ''}`;
}
