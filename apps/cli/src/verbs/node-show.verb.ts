import { describeFailure } from '../describe-failure.js';
import { formatLedFrame } from '../output/led-frame.js';
import { formatNodeDetails } from '../output/node-view.js';
import { findNode } from '../targets.js';
import { defineVerb } from './verb.js';

export const nodeShowVerb = defineVerb({
  name: 'node show',
  section: 'Nodes',
  summary: 'One node: state, figures and its LED frame (also: tinystack node NODE)',
  description: [
    'Everything the manager knows of one node (by name or id): state and last error, version, instances, its ' +
      'action lane (changes running on the node and queued for it, with the oldest wait) and the creates ' +
      'reserved on it; then the 8x8 LED matrix as the board shows it ' +
      'right now, each row with its label (tinystack led NODE says what each row means). When the node cannot be reached, the LED frame is ' +
      'replaced by the reason.',
    "With --json: the node as the manager answers it (GET /api/nodes/{id}); the LED frame is tinystack led NODE --json.",
  ],
  arguments: [{ name: 'NODE' }],
  async run(call) {
    const manager = call.manager();
    const found = await findNode(call, call.args[0]!);
    if (call.json) return call.out.json(await manager.getNode(found.id, { timeoutMs: call.timeouts.readMs }));
    const [node, led] = await Promise.all([
      manager.getNode(found.id, { timeoutMs: call.timeouts.readMs }),
      manager.led(found.id, { timeoutMs: call.timeouts.readMs }).catch((error: unknown) => describeFailure(error)),
    ]);
    call.out.line(formatNodeDetails(node, call.out.width, call.now()));
    call.out.line();
    if (typeof led === 'string') {
      call.out.line(`LED frame: not available (${led})`);
    } else {
      call.out.line('LED frame:');
      call.out.line(formatLedFrame(led, call.out.width, { meanings: false }));
    }
  },
});
