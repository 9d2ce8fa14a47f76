import { ServiceUnavailableException } from '@nestjs/common';
import { NodeState } from '@tinystack/contracts';
import { toNodeOperationError } from '../compute/node-error.mapper.js';
import type { NodeRegistry } from './node-registry.service.js';
import type { TrackedNode } from './tracked-node.js';

/**
 * The node an operation is for: 404 when no such node is registered, 503
 * (naming the node and its last error) when it is UNREACHABLE right now, so
 * the caller is not kept waiting for a timeout the manager can foresee.
 */
export function operableNode(registry: NodeRegistry, nodeId: string): TrackedNode {
  const node = registry.require(nodeId);
  if (node.state === NodeState.UNREACHABLE) {
    throw new ServiceUnavailableException(
      `Node "${node.name}" is UNREACHABLE (last error: ${node.lastError ?? 'unknown'}); ` +
        'the manager will use it again once a poll succeeds',
    );
  }
  return node;
}

/** Runs a call to the node; a node failure becomes the HTTP error its caller should see. */
export async function callNode<T>(node: TrackedNode, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toNodeOperationError(error, node);
  }
}
