import { instanceColumns } from '../output/instance-view.js';
import { nodeOption } from '../targets.js';
import { defineVerb } from './verb.js';

export const instancesVerb = defineVerb({
  name: 'instances',
  aliases: ['ls'],
  section: 'Instances',
  summary: 'List every instance on every node',
  description: [
    'Name, state, node and IPv4 addresses, from the manager\'s latest view of each node. On a node that is not ' +
      'ACTIVE (marked beside its name) the instances are as last seen.',
    'A learner (member) sees their own instances; a teacher (admin) sees every one, with its owner.',
    "With --json: the manager's list (GET /api/instances), only the node's with --node.",
  ],
  options: {
    node: { type: 'string', value: 'NODE', description: 'Only the instances of this node (name or id)' },
  },
  async run(call) {
    const manager = call.manager();
    const timeout = { timeoutMs: call.timeouts.readMs };
    const [all, node, me] = await Promise.all([manager.listInstances(timeout), nodeOption(call), call.json ? null : manager.me(timeout)]);
    const instances = node ? all.filter((instance) => instance.nodeId === node.id) : all;
    if (call.json) return call.out.json(instances);
    if (instances.length === 0) {
      call.out.line(`No instances${node ? ` on ${node.name}` : ''}. Create one: tinystack create NAME`);
      return;
    }
    call.out.table(instanceColumns(me?.user.role === 'admin'), instances);
  },
});
