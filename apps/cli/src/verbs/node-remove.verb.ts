import { findNode } from '../targets.js';
import { defineVerb } from './verb.js';

export const nodeRemoveVerb = defineVerb({
  name: 'node remove',
  section: 'Nodes',
  summary: 'Unregister a node (its containers are left alone)',
  description: [
    'The manager forgets the node (by name or id) and its usage history; the containers on the board keep ' +
      'running, and registering the node again shows them. Prints nothing with --json.',
  ],
  arguments: [{ name: 'NODE' }],
  async run(call) {
    const node = await findNode(call, call.args[0]!);
    await call.manager().unregisterNode(node.id, { timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line(`Unregistered ${node.name} (${node.url}); its instances were left as they are.`);
  },
});
