import type { ClusterInstance, InstanceDetails } from '@tinystack/manager-client';
import type { Column } from './table.js';
import { bytes, cpuTime, NONE } from './figures.js';
import { formatFields } from './fields.js';

export const INSTANCE_COLUMNS: readonly Column<ClusterInstance>[] = [
  { header: 'NAME', cell: (instance) => instance.name, shrink: 'wrap', minWidth: 12 },
  { header: 'STATE', cell: (instance) => instance.state },
  {
    header: 'NODE',
    cell: (instance) => instance.nodeName + (instance.nodeState === 'ACTIVE' ? '' : ` (${instance.nodeState})`),
    shrink: 'wrap',
    minWidth: 10,
  },
  { header: 'IPV4', cell: (instance) => instance.ipv4.join(', ') || NONE, shrink: 'wrap', minWidth: 15 },
];

/** The instance list, with the owner for a teacher (a learner sees only their own). */
export function instanceColumns(withOwner: boolean): readonly Column<ClusterInstance>[] {
  if (!withOwner) return INSTANCE_COLUMNS;
  const [name, ...rest] = INSTANCE_COLUMNS;
  return [name!, { header: 'OWNER', cell: (instance) => instance.owner, shrink: 'wrap', minWidth: 8 }, ...rest];
}

/** One instance with the live figures its node gave. */
export function formatInstanceDetails(instance: InstanceDetails, width: number): string {
  return formatFields(
    [
      ['Name', instance.name],
      ['Node', `${instance.nodeName} (${instance.nodeId})`],
      ['State', instance.state],
      ['IPv4', instance.ipv4.join(', ') || NONE],
      ['PID', instance.pid === null ? NONE : String(instance.pid)],
      ['CPU time', cpuTime(instance.cpuTimeNs)],
      ['Memory', bytes(instance.memoryBytes)],
      ['Block I/O', bytes(instance.blkioBytes)],
      ['Network', `received ${bytes(instance.networkRxBytes)}, sent ${bytes(instance.networkTxBytes)}`],
    ],
    width,
  );
}

/** After a change: where the instance is and what it is now. */
export function instanceSummary(instance: InstanceDetails): string {
  const addresses = instance.ipv4.length ? ` (${instance.ipv4.join(', ')})` : '';
  return `${instance.name} on ${instance.nodeName} is ${instance.state}${addresses}.`;
}
