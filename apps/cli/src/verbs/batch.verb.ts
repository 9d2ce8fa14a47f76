import { UsageError } from '../cli.errors.js';
import { DEFAULT_TIMEOUTS, secondsOf } from '../timeouts.js';
import { LIMIT_OPTIONS, limitsOf } from './instance-limits.js';
import { NO_WAIT_OPTION, operationHelp, runOperation } from './operation-run.js';
import { defineVerb } from './verb.js';

export const batchVerb = defineVerb({
  name: 'batch',
  section: 'Instances',
  summary: 'Create many instances from one image or template, spread over the nodes',
  description: [
    'PATTERN names the copies: {n} is 1, 2, 3... and {user} the owner (with --each-member). Each copy is placed as a single ' +
      'create is, so they spread over the nodes; an image goes once to each node that lacks it. --each-member (teachers) makes ' +
      'one copy per enabled member, theirs, instead of --count copies. Copies that fail leave the others; the list shows each.',
    operationHelp(secondsOf(DEFAULT_TIMEOUTS.createMs)),
  ],
  arguments: [{ name: 'PATTERN' }],
  options: {
    count: { type: 'string', value: 'N', description: 'How many copies (1 to 100)' },
    image: { type: 'string', value: 'IMAGE', description: 'From this image of the library' },
    template: { type: 'string', value: 'TEMPLATE', description: "From this LXC template (default: the node's first)" },
    owner: { type: 'string', value: 'USER', description: 'Teachers: every copy is this user\'s' },
    'each-member': { type: 'boolean', description: 'Teachers: one copy per member, named with {user}' },
    start: { type: 'boolean', description: 'Start each once created' },
    ...LIMIT_OPTIONS,
    ...NO_WAIT_OPTION,
  },
  examples: ['tinystack batch "web-{n}" --count 6 --image lab1 --start', 'tinystack batch "lab-{user}" --each-member --image lab1 --memory 64'],
  async run(call) {
    const count = call.integer('count', { min: 1, max: 100 });
    const eachMember = call.flag('each-member');
    if (eachMember && call.option('owner')) throw new UsageError('give --owner or --each-member, not both', 'batch');
    if (!eachMember && count === undefined) throw new UsageError('--count N is needed (or --each-member)', 'batch');
    const image = call.option('image');
    const template = call.option('template');
    const limits = limitsOf(call);
    const owner = eachMember ? 'each-member' : call.option('owner');
    await runOperation(call, {
      start: () =>
        call.manager().createInstances(
          {
            namePattern: call.args[0]!,
            ...(count !== undefined ? { count } : {}),
            ...(image !== undefined ? { image } : {}),
            ...(template !== undefined ? { template } : {}),
            ...(owner !== undefined ? { owner } : {}),
            ...(call.flag('start') ? { start: true } : {}),
            ...(limits ? { limits } : {}),
            ...(call.flag('autostart') ? { autostart: true } : {}),
          },
          { timeoutMs: call.timeouts.readMs },
        ),
      waitMs: call.timeouts.createMs * 2,
      done: (operation) =>
        [
          `Created ${operation.results?.length ?? 0} instances:`,
          ...(operation.results ?? []).map((item) => `  ${item.name} on ${item.nodeName ?? '?'} for ${item.owner ?? '?'}: ${item.message ?? item.status}`),
        ].join('\n'),
    });
  },
});
