import type { Snapshot } from '@tinystack/manager-client';
import { bytes, dateTime } from '../output/figures.js';
import type { Column } from '../output/table.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import { defineVerb } from './verb.js';

const snapshotColumns: readonly Column<Snapshot>[] = [
  { header: 'NAME', cell: (snapshot) => snapshot.name },
  { header: 'TAKEN', cell: (snapshot) => dateTime(snapshot.createdAt) },
  { header: 'SIZE', cell: (snapshot) => bytes(snapshot.sizeBytes), align: 'right' },
];

export const snapshotVerb = defineVerb({
  name: 'snapshot',
  section: 'Images and snapshots',
  summary: "Snapshot an instance's root filesystem under a name",
  description: [
    'SNAP follows the instance-name rules and must be new for the instance. A running instance may need stopping first (its node ' +
      'says so). Go back to it with tinystack restore NAME SNAP. With --json: the snapshot.',
  ],
  arguments: [{ name: 'NAME' }, { name: 'SNAP' }],
  options: NODE_OPTION,
  examples: ['tinystack snapshot web1 clean'],
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'snapshot');
    // A snapshot copies the root filesystem: as long as a create may take.
    const snapshot = await call.manager().createSnapshot(instance.nodeId, instance.name, call.args[1]!, { timeoutMs: call.timeouts.createMs });
    if (call.json) return call.out.json(snapshot);
    call.out.line(`Took the snapshot ${snapshot.name} of ${instance.name} on ${instance.nodeName}${snapshot.sizeBytes === null ? '' : ` (${bytes(snapshot.sizeBytes)})`}.`);
  },
});

export const snapshotsVerb = defineVerb({
  name: 'snapshots',
  section: 'Images and snapshots',
  summary: "An instance's snapshots",
  description: ['Name, when each was taken and the disk it takes. With --json: the answer of GET .../snapshots.'],
  arguments: [{ name: 'NAME' }],
  options: NODE_OPTION,
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'snapshots');
    const snapshots = await call.manager().listSnapshots(instance.nodeId, instance.name, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(snapshots);
    if (snapshots.length === 0) {
      call.out.line(`${instance.name} has no snapshot. Take one: tinystack snapshot ${instance.name} SNAP`);
      return;
    }
    call.out.table(snapshotColumns, snapshots);
  },
});

export const restoreVerb = defineVerb({
  name: 'restore',
  section: 'Images and snapshots',
  summary: 'Put an instance back as it was in a snapshot',
  description: [
    'The instance must be stopped; with --stop a running one is stopped, restored and started again. Everything written since ' +
      'the snapshot is lost. With --json: the instance after it.',
  ],
  arguments: [{ name: 'NAME' }, { name: 'SNAP' }],
  options: { ...NODE_OPTION, stop: { type: 'boolean', description: 'Stop it first if it runs (and start it again after)' } },
  examples: ['tinystack restore web1 clean --stop'],
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'restore');
    const restored = await call
      .manager()
      .restoreSnapshot(instance.nodeId, instance.name, call.args[1]!, { stopFirst: call.flag('stop') }, { timeoutMs: call.timeouts.createMs + call.timeouts.changeMs });
    if (call.json) return call.out.json(restored);
    call.out.line(`Restored ${restored.name} on ${restored.nodeName} to ${call.args[1]}: ${restored.state}.`);
  },
});

export const snapshotDeleteVerb = defineVerb({
  name: 'snapshot-rm',
  section: 'Images and snapshots',
  summary: 'Delete a snapshot of an instance',
  description: ['The instance stays as it is; only the snapshot (and the disk it takes) goes.'],
  arguments: [{ name: 'NAME' }, { name: 'SNAP' }],
  options: NODE_OPTION,
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'snapshot-rm');
    await call.manager().deleteSnapshot(instance.nodeId, instance.name, call.args[1]!, { timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line(`Deleted the snapshot ${call.args[1]} of ${instance.name}.`);
  },
});
