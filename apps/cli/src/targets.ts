import type { ClusterInstance, ManagerNode, ManagerUser } from '@tinystack/manager-client';
import { OperationFailedError, UsageError } from './cli.errors.js';
import type { VerbCall } from './verbs/verb.js';

/** A node by id or by name (names are unique among nodes; an id wins over a name that looks like one). */
export function pickNode(nodes: readonly ManagerNode[], wanted: string): ManagerNode {
  const found = nodes.find((node) => node.id === wanted) ?? nodes.find((node) => node.name === wanted);
  if (found) return found;
  const known = nodes.length ? `; the nodes are ${nodes.map((node) => node.name).join(', ')}` : '; no node is registered';
  throw new OperationFailedError(`no node named or with id "${wanted}"${known}`);
}

/**
 * The instance called `name`, on the node given (by name or id) if any. Two
 * nodes may each have one of that name: then the choice is the person's, and
 * a usage error lists the nodes to pick with --node.
 */
export function pickInstance(
  instances: readonly ClusterInstance[],
  name: string,
  node: ManagerNode | undefined,
  verb: string,
): ClusterInstance {
  const named = instances.filter((instance) => instance.name === name);
  const candidates = node ? named.filter((instance) => instance.nodeId === node.id) : named;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const nodes = candidates.map((instance) => instance.nodeName).join(', ');
    throw new UsageError(`${candidates.length} nodes have an instance named "${name}" (${nodes}): say which with --node NODE`, verb);
  }
  if (node && named.length > 0) {
    throw new OperationFailedError(`node ${node.name} has no instance named "${name}"; ${named.map((instance) => instance.nodeName).join(', ')} has one`);
  }
  throw new OperationFailedError(`no instance named "${name}"${node ? ` on node ${node.name}` : ''} (tinystack instances lists them)`);
}

/** The node named by --node (name or id), read from the manager; undefined without the option. */
export async function nodeOption(call: VerbCall): Promise<ManagerNode | undefined> {
  const wanted = call.option('node');
  if (wanted === undefined) return undefined;
  return findNode(call, wanted);
}

export async function findNode(call: VerbCall, wanted: string): Promise<ManagerNode> {
  return pickNode(await call.manager().listNodes({ timeoutMs: call.timeouts.readMs }), wanted);
}

/** The instance NAME (with --node when given), as the manager lists it. */
export async function findInstance(call: VerbCall, name: string, verb: string): Promise<ClusterInstance> {
  const manager = call.manager();
  const [instances, node] = await Promise.all([manager.listInstances({ timeoutMs: call.timeouts.readMs }), nodeOption(call)]);
  return pickInstance(instances, name, node, verb);
}

/** The --node option every verb that names an instance takes. */
export const NODE_OPTION = {
  node: { type: 'string', value: 'NODE', description: 'The node (name or id) the instance is on, when two nodes have one of that name' },
} as const;

/**
 * A user by username (what a teacher types; any case, as the manager keeps
 * names in lower case) or by id, from GET /api/users.
 */
export function pickUser(users: readonly ManagerUser[], wanted: string): ManagerUser {
  const name = wanted.toLowerCase();
  const found = users.find((user) => user.username === name) ?? users.find((user) => user.id === wanted);
  if (found) return found;
  throw new OperationFailedError(`no user named "${wanted}" (tinystack users lists them)`);
}

export async function findUser(call: VerbCall, wanted: string): Promise<ManagerUser> {
  return pickUser(await call.manager().listUsers({ timeoutMs: call.timeouts.readMs }), wanted);
}
