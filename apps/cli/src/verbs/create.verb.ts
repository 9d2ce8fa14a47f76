import { describePlacement } from '../output/operation-view.js';
import { nodeOption } from '../targets.js';
import { NO_WAIT_OPTION, operationHelp, resultOf, runOperation } from './operation-run.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { UsageError } from '../cli.errors.js';
import { describeLimits, LIMIT_OPTIONS, limitsOf } from './instance-limits.js';
import { defineVerb } from './verb.js';

export const createVerb = defineVerb({
  name: 'create',
  section: 'Instances',
  summary: 'Create an instance, on a node or on the least loaded one',
  description: [
    'NAME is a host name label: 1 to 63 letters, digits or hyphens, starting with a letter. Without --node the ' +
      'manager places it on the ACTIVE node with the lowest score (CPU % + memory % + 10 per running instance ' +
      'or create in flight) and says so. --template must be one the node allows (LXC_TEMPLATES; busybox by default). ' +
      '--image IMAGE creates it from an image of the library (tinystack images) instead: only nodes of its architecture are ' +
      'candidates, one that has it already is preferred, and a node that lacks it gets it from the manager first (the wait ' +
      'shows the transfer). --memory, --cpus, --cpu-percent and --processes set limits; the answer says when the board cannot ' +
      'enforce one.',
    operationHelp(secondsOf(DEFAULT_TIMEOUTS.createMs)),
  ],
  arguments: [{ name: 'NAME' }],
  options: {
    node: { type: 'string', value: 'NODE', description: 'Create it on this node (name or id)' },
    template: { type: 'string', value: 'TEMPLATE', description: "The LXC template (default: the node's first)" },
    image: { type: 'string', value: 'IMAGE', description: 'Create it from this image of the library instead of a template' },
    ...LIMIT_OPTIONS,
    start: { type: 'boolean', description: 'Start it once created' },
    ...NO_WAIT_OPTION,
  },
  examples: [
    'tinystack create web1 --start',
    'tinystack create db1 --node pi-2 --template busybox',
    'tinystack create lab-alice --image lab1 --memory 64 --autostart --start',
  ],
  async run(call) {
    const node = await nodeOption(call);
    const template = call.option('template');
    const image = call.option('image');
    if (image !== undefined && template !== undefined) throw new UsageError('give --image or --template, not both', 'create');
    const limits = limitsOf(call);
    const body = {
      name: call.args[0]!,
      ...(node ? { nodeId: node.id } : {}),
      ...(template !== undefined ? { template } : {}),
      ...(image !== undefined ? { image } : {}),
      ...(call.flag('start') ? { start: true } : {}),
      ...(limits ? { limits } : {}),
      ...(call.flag('autostart') ? { autostart: true } : {}),
    };
    await runOperation(call, {
      start: () => call.manager().createInstance(body, { timeoutMs: call.timeouts.readMs }),
      waitMs: call.timeouts.createMs,
      done: (operation) => {
        const created = resultOf(operation);
        const addresses = created.ipv4.length ? ` (${created.ipv4.join(', ')})` : '';
        const placement = describePlacement(operation);
        const limited = limits ? ` Limits: ${describeLimits(created.limits)}.` : '';
        return `Created ${created.name} on ${created.nodeName}: ${created.state}${addresses}.${placement ? ` ${placement}` : ''}${limited}`;
      },
    });
  },
});
