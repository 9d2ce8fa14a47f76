import { findInstance, NODE_OPTION } from '../targets.js';
import { defineVerb } from './verb.js';

export const deleteVerb = defineVerb({
  name: 'delete',
  section: 'Instances',
  summary: 'Delete an instance (a running one only with --force)',
  description: [
    'Destroys the container and everything in it. A running instance is refused unless --force, which stops ' +
      'it first. Prints nothing with --json.',
  ],
  arguments: [{ name: 'NAME' }],
  options: { ...NODE_OPTION, force: { type: 'boolean', description: 'Delete it even while it runs' } },
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'delete');
    await call
      .manager()
      .deleteInstance(instance.nodeId, instance.name, call.flag('force') ? { force: true } : {}, { timeoutMs: call.timeouts.changeMs });
    if (!call.json) call.out.line(`Deleted ${instance.name} from ${instance.nodeName}.`);
  },
});
