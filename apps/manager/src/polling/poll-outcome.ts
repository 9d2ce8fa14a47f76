import { HttpStatus } from '@nestjs/common';
import { ComputeNodeAnsweredError, type ComputeInstance, type ComputeUsage } from '@tinystack/compute-client';
import { describeNodeFailure } from '../compute/node-failure.js';

export type PollOutcome =
  | {
      reachable: true;
      usage: ComputeUsage;
      /** null when the node answers but cannot list instances (instancesError says why). */
      instances: ComputeInstance[] | null;
      instancesError: string | null;
    }
  | { reachable: false; error: string };

/**
 * Decides what one poll (usage and instances, fetched together) says about a
 * node. The node is reachable when it gave its usage and either its instance
 * list or a 503 saying why it has none (LXC missing): that node works, it just
 * cannot run containers, and the 503 message says what to install.
 */
export function classifyPoll(
  usage: PromiseSettledResult<ComputeUsage>,
  instances: PromiseSettledResult<ComputeInstance[]>,
): PollOutcome {
  if (usage.status === 'rejected') return { reachable: false, error: describeNodeFailure(usage.reason) };
  if (instances.status === 'fulfilled') {
    return { reachable: true, usage: usage.value, instances: instances.value, instancesError: null };
  }
  const reason: unknown = instances.reason;
  if (reason instanceof ComputeNodeAnsweredError && reason.status === HttpStatus.SERVICE_UNAVAILABLE) {
    return { reachable: true, usage: usage.value, instances: null, instancesError: reason.nodeMessage };
  }
  return { reachable: false, error: `listing instances: ${describeNodeFailure(reason)}` };
}
