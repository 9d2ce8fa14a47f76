import type { NodeDto } from '@tinystack/contracts';
import type { Board } from './board.js';

/** The node as the API shows it: everything but its token. */
export function toNodeDto(board: Board): NodeDto {
  return {
    id: board.id,
    name: board.name,
    url: board.url,
    computeId: board.computeId,
    version: board.version,
    architecture: board.architecture,
    templates: board.templates,
    state: board.state,
    registeredAt: board.record.registeredAt.toISOString(),
    lastSeenAt: board.lastSeenAt?.toISOString() ?? null,
    lastError: board.lastError,
    consecutiveFailures: board.consecutiveFailures,
    pollLatencyMs: board.pollLatencyMs,
    usage: board.usage,
    usageStale: board.usageStale,
    instanceCount: board.instances?.length ?? null,
    runningInstanceCount: board.runningInstanceCount(),
    instancesError: board.instancesError,
    actions: board.actions(),
    reservedInstances: board.reservedInstances,
    ready: board.ready,
    checks: board.checks,
  };
}
