import type { ManagerNode } from '@tinystack/manager-client';
import type { Column } from './table.js';
import { bytes, duration, iops, milliseconds, moment, percent, rate, runningOf, temperature, timeOfDay } from './figures.js';
import { formatFields } from './fields.js';
import { indentWrapped } from './text.js';

/** A node's address as short as it reads: http:// is the usual case and goes. */
export function shortAddress(url: string): string {
  return url.replace(/^http:\/\//, '');
}

/** The paper's columns: name, state, CPU, memory, network receive and send, IOPS, instances, address. */
export const NODE_COLUMNS: readonly Column<ManagerNode>[] = [
  { header: 'NAME', cell: (node) => node.name, shrink: 'truncate', minWidth: 10 },
  { header: 'STATE', cell: (node) => node.state },
  { header: 'CPU', cell: (node) => percent(node.usage?.cpuPercent), align: 'right' },
  { header: 'MEM', cell: (node) => percent(node.usage?.memoryPercent), align: 'right' },
  { header: 'RX/s', cell: (node) => bytes(node.usage?.networkRxBytesPerSecond), align: 'right' },
  { header: 'TX/s', cell: (node) => bytes(node.usage?.networkTxBytesPerSecond), align: 'right' },
  { header: 'IOPS', cell: (node) => iops(node.usage?.iops), align: 'right' },
  { header: 'INST', cell: (node) => runningOf(node.runningInstanceCount, node.instanceCount), align: 'right' },
  { header: 'ADDRESS', cell: (node) => shortAddress(node.url), shrink: 'truncate', minWidth: 12 },
];

/** What a table cannot show: why a node is UNREACHABLE or FAULTY (its figures then stale), or cannot run instances. */
export function nodeNotes(nodes: readonly ManagerNode[], width: number): string[] {
  const notes: string[] = [];
  for (const node of nodes) {
    const stale = node.usageStale && node.usage ? ` Its figures are stale: the last good ones, of ${timeOfDay(node.usage.sampledAt)}.` : '';
    if (node.state === 'UNREACHABLE') {
      notes.push(`${node.name} is UNREACHABLE (last seen ${timeOfDay(node.lastSeenAt)}): ${node.lastError ?? 'no error recorded'}.${stale}`);
    } else if (node.state === 'FAULTY') {
      notes.push(`${node.name} is FAULTY, its answers break the compute contract (last good poll ${timeOfDay(node.lastSeenAt)}): ${node.lastError ?? 'no error recorded'}.${stale}`);
    }
    if (node.instancesError) notes.push(`${node.name} cannot run instances: ${node.instancesError}`);
  }
  return notes.map((note) => indentWrapped(note, width, 0));
}

/** The node's action lane: "1 running, 2 queued (the oldest waiting 3 s)", or "none". */
export function actionLane(node: ManagerNode): string {
  const { running, queued, oldestQueuedMs } = node.actions;
  if (running === 0 && queued === 0) return 'none';
  const waiting = queued > 0 && oldestQueuedMs !== null ? ` (the oldest waiting ${duration(oldestQueuedMs)})` : '';
  return `${running} running, ${queued} queued${waiting}`;
}

/** Everything the manager knows of one node, as labelled lines. */
export function formatNodeDetails(node: ManagerNode, width: number, now: number): string {
  const usage = node.usage;
  const fields: Array<[string, string]> = [
    ['Name', node.name],
    ['Id', node.id],
    ['Address', node.url],
    ['State', node.state + (node.consecutiveFailures > 0 ? ` (${node.consecutiveFailures} failed polls in a row)` : '')],
  ];
  if (node.lastError) fields.push(['Last error', node.lastError]);
  fields.push(
    ['Last seen', moment(node.lastSeenAt, now)],
    ['Poll latency', milliseconds(node.pollLatencyMs)],
    ['Registered', moment(node.registeredAt, now)],
    ['Version', node.version ?? 'unknown'],
    ['Compute id', node.computeId ?? 'unknown'],
    ['Instances', node.instanceCount === null ? 'unknown' : `${node.runningInstanceCount ?? '?'} running of ${node.instanceCount}`],
    ['Actions', actionLane(node)],
    ['Reserved', node.reservedInstances === 0 ? 'none' : `${node.reservedInstances} create${node.reservedInstances === 1 ? '' : 's'} in flight`],
  );
  if (node.instancesError) fields.push(['Cannot run', node.instancesError]);
  if (usage) {
    fields.push(
      ['Host name', usage.hostname],
      ['CPU', percent(usage.cpuPercent)],
      ['Memory', `${percent(usage.memoryPercent)} (${bytes(usage.memoryUsedBytes)} of ${bytes(usage.memoryTotalBytes)})`],
      ['Network', `receive ${rate(usage.networkRxBytesPerSecond)}, send ${rate(usage.networkTxBytesPerSecond)}`],
      ['IOPS', iops(usage.iops)],
      ['Temperature', temperature(usage.temperatureCelsius)],
      ['Sampled', `${moment(usage.sampledAt, now)}${node.usageStale ? `: stale, the last good figures before the node became ${node.state}` : ''}`],
    );
  } else {
    fields.push(['Usage', 'none yet: the manager has not polled this node successfully']);
  }
  return formatFields(fields, width);
}
