import { NodeState } from '@tinystack/contracts';

export interface BoardHealth {
  state: NodeState;
  consecutiveFailures: number;
  lastError: string | null;
}

/** What one poll (or any call) showed about a node. */
export type Observation =
  | { kind: 'good' }
  /** It answers, but broke the compute contract; reason names the call and the field. */
  | { kind: 'faulty'; reason: string }
  /** No usable answer: unreachable, too slow, refused the token, failed. */
  | { kind: 'failed'; reason: string };

/**
 * A node's health after one more observation: ACTIVE at a good one, whatever
 * it was; FAULTY at once when an answer broke the contract; UNREACHABLE once
 * `unreachableAfter` observations in a row failed, keeping its state until
 * then (PENDING stays PENDING, ACTIVE stays ACTIVE, FAULTY stays FAULTY).
 */
export function afterObservation(current: BoardHealth, observation: Observation, unreachableAfter: number): BoardHealth {
  switch (observation.kind) {
    case 'good':
      return { state: NodeState.ACTIVE, consecutiveFailures: 0, lastError: null };
    case 'faulty':
      return { state: NodeState.FAULTY, consecutiveFailures: 0, lastError: observation.reason };
    case 'failed': {
      const consecutiveFailures = current.consecutiveFailures + 1;
      return {
        state: consecutiveFailures >= unreachableAfter ? NodeState.UNREACHABLE : current.state,
        consecutiveFailures,
        lastError: observation.reason,
      };
    }
  }
}
