import { readFileSync } from 'node:fs';
import { UsageError } from '../cli.errors.js';
import { indentWrapped } from '../output/text.js';
import { defineVerb } from './verb.js';

export const nodeAddVerb = defineVerb({
  name: 'node add',
  section: 'Nodes',
  summary: 'Register a compute node with the manager',
  description: [
    "The manager first talks to the node at URL (its health, then its usage with the token, then its " +
      'containers) and registers it only when that works; a node without LXC is registered and says what it lacks.',
    "--token is the node's COMPUTE_TOKEN (on the node: $DATA_DIR/compute-token unless set); --token-file reads " +
      "it from a file instead, so that it appears in no command line. The manager's own token then comes from " +
      'TINYSTACK_TOKEN, the config file, or --token before the verb (tinystack --token T node add ...).',
    "With --json: the registered node (POST /api/nodes).",
  ],
  arguments: [{ name: 'URL' }],
  options: {
    token: { type: 'string', value: 'TOKEN', description: "The node's COMPUTE_TOKEN" },
    'token-file': { type: 'string', value: 'FILE', description: "A file holding the node's token" },
    name: { type: 'string', value: 'NAME', description: "Its name among the nodes (default: the node's host name)" },
  },
  examples: ['tinystack node add http://10.0.0.21:7001 --token-file pi1-token --name pi-1'],
  async run(call) {
    const token = nodeToken(call.option('token'), call.option('token-file'));
    const name = call.option('name');
    const node = await call
      .manager()
      .registerNode({ url: call.args[0]!, token, ...(name !== undefined ? { name } : {}) }, { timeoutMs: call.timeouts.createMs });
    if (call.json) return call.out.json(node);
    call.out.line(`Registered ${node.name} (${node.id}) at ${node.url}: ${node.state}.`);
    if (node.instancesError) call.out.line(indentWrapped(`It cannot run instances: ${node.instancesError}`, call.out.width, 0));
  },
});

function nodeToken(token: string | undefined, file: string | undefined): string {
  if (token !== undefined && file !== undefined) throw new UsageError('give the node token once: --token or --token-file', 'node add');
  if (token !== undefined) return token;
  if (file === undefined) throw new UsageError("node add needs the node's token: --token TOKEN or --token-file FILE", 'node add');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`cannot read the token file ${file}: ${(error as Error).message}`, 'node add');
  }
}
