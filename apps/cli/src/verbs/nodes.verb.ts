import { NODE_COLUMNS, nodeNotes } from '../output/node-view.js';
import { defineVerb } from './verb.js';

export const nodesVerb = defineVerb({
  name: 'nodes',
  section: 'Nodes',
  summary: 'List the nodes with their state and load',
  description: [
    'Every registered compute node as the manager last polled it: state (PENDING, ACTIVE, UNREACHABLE when ' +
      'its polls fail, FAULTY when its answers break the compute contract), CPU and memory use, network receive ' +
      'and send per second, disk IOPS, running/total instances (INST) and address. The figures of an UNREACHABLE ' +
      'or FAULTY node are its last good ones. Below the table: why a node is UNREACHABLE or FAULTY (and how old ' +
      'its figures are), or cannot run instances.',
    'With --json: the manager\'s list of nodes (GET /api/nodes).',
  ],
  async run(call) {
    const nodes = await call.manager().listNodes({ timeoutMs: call.timeouts.readMs });
    if (call.json) return call.out.json(nodes);
    if (nodes.length === 0) {
      call.out.line('No nodes are registered. Add one: tinystack node add URL --token TOKEN');
      return;
    }
    call.out.table(NODE_COLUMNS, nodes);
    const notes = nodeNotes(nodes, call.out.width);
    if (notes.length) call.out.lines(['', ...notes]);
  },
});
