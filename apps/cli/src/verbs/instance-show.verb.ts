import { formatInstanceDetails } from '../output/instance-view.js';
import { findInstance, NODE_OPTION } from '../targets.js';
import { defineVerb } from './verb.js';

export const instanceShowVerb = defineVerb({
  name: 'instance',
  section: 'Instances',
  summary: 'One instance with live figures from its node',
  description: [
    'Asks the instance\'s node now: state, PID, IPv4 addresses, CPU time, memory, block I/O and network bytes.',
    "With --json: the manager's answer (GET /api/nodes/{nodeId}/instances/{name}).",
  ],
  arguments: [{ name: 'NAME' }],
  options: NODE_OPTION,
  async run(call) {
    const instance = await findInstance(call, call.args[0]!, 'instance');
    const details = await call.manager().getInstance(instance.nodeId, instance.name, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(details);
    call.out.line(formatInstanceDetails(details, call.out.width));
  },
});
