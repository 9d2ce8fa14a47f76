import { findInstance, NODE_OPTION } from '../targets.js';
import { NO_WAIT_OPTION, operationHelp, runOperation } from './operation-run.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { defineVerb } from './verb.js';

export const deleteVerb = defineVerb({
  name: 'delete',
  section: 'Instances',
  summary: 'Delete an instance (a running one only with --force)',
  description: [
    'Destroys the container and everything in it. A running instance is refused unless --force, which stops it first.',
    operationHelp(secondsOf(DEFAULT_TIMEOUTS.changeMs)),
  ],
  arguments: [{ name: 'NAME' }],
  options: { ...NODE_OPTION, force: { type: 'boolean', description: 'Delete it even while it runs' }, ...NO_WAIT_OPTION },
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'delete');
    const query = call.flag('force') ? { force: true } : {};
    await runOperation(call, {
      start: () => call.manager().deleteInstance(instance.nodeId, instance.name, query, { timeoutMs: call.timeouts.readMs }),
      waitMs: call.timeouts.changeMs,
      done: () => `Deleted ${instance.name} from ${instance.nodeName}.`,
    });
  },
});
