import type { PortForward, PortProtocol } from '@tinystack/manager-client';
import { UsageError } from '../cli.errors.js';
import type { Column } from '../output/table.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import { defineVerb } from './verb.js';

const PORT_COLUMNS: readonly Column<PortForward>[] = [
  { header: 'URL', cell: (forward) => forward.url },
  { header: 'HOST PORT', cell: (forward) => String(forward.hostPort), align: 'right' },
  { header: 'CONTAINER PORT', cell: (forward) => String(forward.containerPort), align: 'right' },
  { header: 'PROTOCOL', cell: (forward) => forward.protocol },
];

const protocolOf = (udp: boolean): PortProtocol => (udp ? 'udp' : 'tcp');

export const portsVerb = defineVerb({
  name: 'ports',
  section: 'Instances',
  summary: "The board's ports forwarded to an instance, with the URLs the classroom reaches them at",
  description: ["With --json: the manager's answer (GET /api/nodes/{nodeId}/instances/{name}/ports)."],
  arguments: [{ name: 'NAME' }],
  options: NODE_OPTION,
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'ports');
    const forwards = await call.manager().listPorts(instance.nodeId, instance.name, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(forwards);
    if (forwards.length === 0) return call.out.line(`No port of ${instance.nodeName} is forwarded to ${instance.name} (tinystack expose ${instance.name} PORT).`);
    call.out.table(PORT_COLUMNS, forwards);
  },
});

export const exposeVerb = defineVerb({
  name: 'expose',
  section: 'Instances',
  summary: "Forward a port of the instance's board to PORT of the instance",
  description: [
    "Without --host-port the node picks a free port of its PORT_RANGE (default 20000-20999). Prints the URL the classroom reaches it at.",
    "With --json: the manager's answer (POST /api/nodes/{nodeId}/instances/{name}/ports).",
  ],
  arguments: [{ name: 'NAME' }, { name: 'PORT' }],
  options: {
    'host-port': { type: 'string', value: 'P', description: "The board's port to use" },
    udp: { type: 'boolean', description: 'Forward UDP (default TCP)' },
    ...NODE_OPTION,
  },
  examples: ['tinystack expose web1 80', 'tinystack expose coap1 5683 --udp'],
  async run(call) {
    const containerPort = wholePort('expose', call.args[1]!, 'PORT');
    const hostPort = call.integer('host-port', { min: 1, max: 65535 });
    const instance = await findInstance(call, call.args[0]!, 'expose');
    const forward = await call
      .manager()
      .exposePort(instance.nodeId, instance.name, { containerPort, protocol: protocolOf(call.flag('udp')), ...(hostPort ? { hostPort } : {}) }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(forward);
    call.out.line(`${forward.url} -> ${instance.name}:${forward.containerPort}/${forward.protocol}`);
  },
});

export const unexposeVerb = defineVerb({
  name: 'unexpose',
  section: 'Instances',
  summary: "Stop forwarding the board's HOSTPORT to the instance",
  description: ['tinystack ports NAME lists the forwards.'],
  arguments: [{ name: 'NAME' }, { name: 'HOSTPORT' }],
  options: { udp: { type: 'boolean', description: 'The UDP forward (default TCP)' }, ...NODE_OPTION },
  async run(call) {
    const hostPort = wholePort('unexpose', call.args[1]!, 'HOSTPORT');
    const instance = await findInstance(call, call.args[0]!, 'unexpose');
    const protocol = protocolOf(call.flag('udp'));
    await call.manager().unexposePort(instance.nodeId, instance.name, hostPort, protocol, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json({ hostPort, protocol, removed: true });
    call.out.line(`Port ${hostPort}/${protocol} of ${instance.nodeName} no longer leads to ${instance.name}.`);
  },
});

function wholePort(verb: string, text: string, what: string): number {
  const value = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 65535)) throw new UsageError(`${what} must be a port, a whole number from 1 to 65535, not ${JSON.stringify(text)}`, verb);
  return value;
}
