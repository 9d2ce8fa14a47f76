import type { UsagePoint } from '@tinystack/manager-client';
import { parseDuration } from '../args/duration.js';
import { formatFields } from '../output/fields.js';
import { bytes, dateTime, iops, milliseconds, moment, percent, rate, temperature } from '../output/figures.js';
import type { Column } from '../output/table.js';
import { findNode } from '../targets.js';
import { defineVerb } from './verb.js';

const HISTORY_COLUMNS: readonly Column<UsagePoint>[] = [
  { header: 'TIME', cell: (point) => dateTime(point.at) },
  { header: 'CPU', cell: (point) => percent(point.cpuPercent), align: 'right' },
  { header: 'MEM', cell: (point) => percent(point.memoryPercent), align: 'right' },
  { header: 'RX/s', cell: (point) => bytes(point.networkRxBytesPerSecond), align: 'right' },
  { header: 'TX/s', cell: (point) => bytes(point.networkTxBytesPerSecond), align: 'right' },
  { header: 'IOPS', cell: (point) => iops(point.iops), align: 'right' },
  { header: 'INST', cell: (point) => `${point.runningInstances}/${point.totalInstances}`, align: 'right' },
  { header: 'TEMP', cell: (point) => temperature(point.temperatureCelsius), align: 'right' },
];

export const usageVerb = defineVerb({
  name: 'usage',
  section: 'Nodes',
  summary: "A node's latest figures, or their history with --since",
  description: [
    'The figures of the last successful poll: CPU, memory, network receive and send, disk IOPS, containers, ' +
      'temperature. With --since, the stored history over that span instead, one line per point ' +
      "(the manager keeps one per HISTORY_INTERVAL_MS).",
    "With --json: the node's usage (null before the first poll), or with --since the manager's history " +
      '(GET /api/nodes/{id}/usage/history).',
  ],
  arguments: [{ name: 'NODE' }],
  options: {
    since: { type: 'string', value: 'SPAN', description: 'History over the last SPAN: 90s, 10m, 2h, 1d' },
  },
  examples: ['tinystack usage pi-1', 'tinystack usage pi-1 --since 1h'],
  async run(call) {
    const since = call.option('since');
    const spanMs = since === undefined ? undefined : parseDuration(since, '--since', 'usage');
    const node = await findNode(call, call.args[0]!);
    if (spanMs === undefined) {
      if (call.json) return call.out.json(node.usage);
      const usage = node.usage;
      if (!usage) {
        call.out.line(`No figures of ${node.name} yet: the manager has not polled it successfully (state ${node.state}).`);
        return;
      }
      call.out.line(
        formatFields(
          [
            ['Node', `${node.name} (${node.state})`],
            ['CPU', percent(usage.cpuPercent)],
            ['Memory', `${percent(usage.memoryPercent)} (${bytes(usage.memoryUsedBytes)} of ${bytes(usage.memoryTotalBytes)})`],
            ['Network', `receive ${rate(usage.networkRxBytesPerSecond)}, send ${rate(usage.networkTxBytesPerSecond)}`],
            ['IOPS', iops(usage.iops)],
            ['Instances', `${usage.runningInstances} running of ${usage.totalInstances}`],
            ['Temperature', temperature(usage.temperatureCelsius)],
            ['Poll latency', milliseconds(node.pollLatencyMs)],
            ['Sampled', moment(usage.sampledAt, call.now())],
          ],
          call.out.width,
        ),
      );
      return;
    }
    const to = new Date(call.now());
    const from = new Date(to.getTime() - spanMs);
    const history = await call
      .manager()
      .usageHistory(node.id, { from: from.toISOString(), to: to.toISOString() }, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(history);
    if (history.points.length === 0) {
      call.out.line(`No history of ${node.name} since ${dateTime(history.from)}.`);
      return;
    }
    call.out.table(HISTORY_COLUMNS, history.points);
  },
});
