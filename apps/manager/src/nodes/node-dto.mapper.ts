import type { NodeDto } from '@tinystack/contracts';
import type { TrackedNode } from './tracked-node.js';

/** The node as the API shows it: everything but its token. */
export function toNodeDto(node: TrackedNode): NodeDto {
  return {
    id: node.id,
    name: node.name,
    url: node.url,
    state: node.state,
    registeredAt: node.record.registeredAt.toISOString(),
    lastSeenAt: node.lastSeenAt?.toISOString() ?? null,
    lastError: node.lastError,
    consecutiveFailures: node.consecutiveFailures,
    pollLatencyMs: node.pollLatencyMs,
    usage: node.usage,
    instanceCount: node.instances?.length ?? null,
    runningInstanceCount: node.runningInstanceCount(),
    instancesError: node.instancesError,
  };
}
