import { findInstance, NODE_OPTION } from '../targets.js';
import { defineVerb } from './verb.js';

export const renameVerb = defineVerb({
  name: 'rename',
  section: 'Instances',
  summary: 'Rename a stopped instance',
  description: [
    'The instance must be stopped; NEW follows the same rules as a new name and must be free on that node.',
    "With --json: the renamed instance (PUT /api/nodes/{nodeId}/instances/{name}).",
  ],
  arguments: [{ name: 'NAME' }, { name: 'NEW' }],
  options: NODE_OPTION,
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'rename');
    const renamed = await call
      .manager()
      .renameInstance(instance.nodeId, instance.name, { name: call.args[1]! }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(renamed);
    call.out.line(`Renamed ${instance.name} to ${renamed.name} on ${renamed.nodeName}.`);
  },
});
