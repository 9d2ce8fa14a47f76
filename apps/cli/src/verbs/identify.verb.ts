import { findNode } from '../targets.js';
import { defineVerb } from './verb.js';

const DEFAULT_SECONDS = 5;

export const identifyVerb = defineVerb({
  name: 'identify',
  section: 'Nodes',
  summary: "Blink a node's whole LED matrix, to find the board in the stack",
  description: [
    'Every LED of the node lights and blinks for --seconds (default 5), then the display shows its figures again.',
    "With --json: the manager's answer, the LED status while identifying (POST /api/nodes/{id}/led/identify).",
  ],
  arguments: [{ name: 'NODE' }],
  options: {
    seconds: { type: 'string', value: 'SECONDS', description: `How long to blink, 1 to 60 (default ${DEFAULT_SECONDS})` },
  },
  async run(call) {
    const seconds = call.integer('seconds', { min: 1, max: 60 }) ?? DEFAULT_SECONDS;
    const node = await findNode(call, call.args[0]!);
    const led = await call.manager().identify(node.id, { seconds }, { timeoutMs: call.timeouts.changeMs });
    if (call.json) return call.out.json(led);
    call.out.line(`The LEDs of ${node.name} blink for ${seconds} s.`);
  },
});
