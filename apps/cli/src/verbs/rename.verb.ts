import { findInstance, NODE_OPTION } from '../targets.js';
import { NO_WAIT_OPTION, operationHelp, resultOf, runOperation } from './operation-run.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { defineVerb } from './verb.js';

export const renameVerb = defineVerb({
  name: 'rename',
  section: 'Instances',
  summary: 'Rename a stopped instance',
  description: [
    'The instance must be stopped; NEW follows the same rules as a new name and must be free on that node.',
    operationHelp(secondsOf(DEFAULT_TIMEOUTS.changeMs)),
  ],
  arguments: [{ name: 'NAME' }, { name: 'NEW' }],
  options: { ...NODE_OPTION, ...NO_WAIT_OPTION },
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'rename');
    const newName = call.args[1]!;
    await runOperation(call, {
      start: () => call.manager().renameInstance(instance.nodeId, instance.name, { name: newName }, { timeoutMs: call.timeouts.readMs }),
      waitMs: call.timeouts.changeMs,
      newName,
      done: (operation) => `Renamed ${instance.name} to ${resultOf(operation).name} on ${operation.nodeName}.`,
    });
  },
});
