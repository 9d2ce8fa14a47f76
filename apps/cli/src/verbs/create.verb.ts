import type { CreatedInstance } from '@tinystack/manager-client';
import { nodeOption } from '../targets.js';
import { defineVerb } from './verb.js';

export const createVerb = defineVerb({
  name: 'create',
  section: 'Instances',
  summary: 'Create an instance, on a node or on the least loaded one',
  description: [
    'NAME is a host name label: 1 to 63 letters, digits or hyphens, starting with a letter. Without --node the ' +
      'manager places it on the ACTIVE node with the lowest score (CPU % + memory % + 10 per running instance) ' +
      'and says so. --template must be one the node allows (LXC_TEMPLATES; busybox by default).',
    "With --json: the manager's answer, with the placement when it chose the node (POST /api/instances).",
  ],
  arguments: [{ name: 'NAME' }],
  options: {
    node: { type: 'string', value: 'NODE', description: 'Create it on this node (name or id)' },
    template: { type: 'string', value: 'TEMPLATE', description: "The LXC template (default: the node's first)" },
    start: { type: 'boolean', description: 'Start it once created' },
  },
  examples: ['tinystack create web1 --start', 'tinystack create db1 --node pi-2 --template busybox'],
  async run(call) {
    const node = await nodeOption(call);
    const template = call.option('template');
    const created = await call.manager().createInstance(
      {
        name: call.args[0]!,
        ...(node ? { nodeId: node.id } : {}),
        ...(template !== undefined ? { template } : {}),
        ...(call.flag('start') ? { start: true } : {}),
      },
      { timeoutMs: call.timeouts.createMs },
    );
    if (call.json) return call.out.json(created);
    const addresses = created.ipv4.length ? ` (${created.ipv4.join(', ')})` : '';
    call.out.line(`Created ${created.name} on ${created.nodeName}: ${created.state}${addresses}.${describePlacement(created)}`);
  },
});

/** Why the manager chose the node, when it chose. */
export function describePlacement(created: CreatedInstance): string {
  const chosen = created.placement?.candidates[0];
  if (!created.placement || !chosen) return '';
  const others = created.placement.candidates.length - 1;
  const against = others > 0 ? `, against ${others} other node${others === 1 ? '' : 's'}` : '';
  return ` Placed on the least loaded node (score ${chosen.score}${against}).`;
}
