import { formatLedFrame } from '../output/led-frame.js';
import { findNode } from '../targets.js';
import { defineVerb } from './verb.js';

export const ledVerb = defineVerb({
  name: 'led',
  section: 'Nodes',
  summary: "A node's LED matrix as it looks now, with the legend",
  description: [
    "The 8x8 LED frame the node shows right now (● lit, · dark; top row first, as a person sees it), each " +
      "row beside what it means with the node's scales, then brightness, blink, mounting and the chip's state.",
    "With --json: the manager's answer (GET /api/nodes/{id}/led).",
  ],
  arguments: [{ name: 'NODE' }],
  async run(call) {
    const node = await findNode(call, call.args[0]!);
    const led = await call.manager().led(node.id, { timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(led);
    call.out.line(`LED frame of ${node.name}:`);
    call.out.line(formatLedFrame(led, call.out.width, { meanings: true }));
  },
});
