import { NodeState } from '@tinystack/contracts';

export interface NodeHealth {
  state: NodeState;
  consecutiveFailures: number;
}

/**
 * A node's state after one more poll: ACTIVE at the first success, whatever
 * it was; UNREACHABLE once `unreachableAfter` polls in a row failed; until
 * then it keeps its state (PENDING stays PENDING, ACTIVE stays ACTIVE).
 */
export function afterPoll(current: NodeHealth, succeeded: boolean, unreachableAfter: number): NodeHealth {
  if (succeeded) return { state: NodeState.ACTIVE, consecutiveFailures: 0 };
  const consecutiveFailures = current.consecutiveFailures + 1;
  return {
    state: consecutiveFailures >= unreachableAfter ? NodeState.UNREACHABLE : current.state,
    consecutiveFailures,
  };
}
