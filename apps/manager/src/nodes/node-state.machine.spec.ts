import { NodeState } from '@tinystack/contracts';
import { afterPoll, type NodeHealth } from './node-state.machine.js';

function run(start: NodeHealth, polls: boolean[], unreachableAfter: number): NodeState[] {
  const states: NodeState[] = [];
  let health = start;
  for (const succeeded of polls) {
    health = afterPoll(health, succeeded, unreachableAfter);
    states.push(health.state);
  }
  return states;
}

const PENDING: NodeHealth = { state: NodeState.PENDING, consecutiveFailures: 0 };
const ACTIVE: NodeHealth = { state: NodeState.ACTIVE, consecutiveFailures: 0 };

describe('afterPoll', () => {
  it('makes a PENDING node ACTIVE at its first good poll', () => {
    expect(afterPoll(PENDING, true, 2)).toEqual({ state: NodeState.ACTIVE, consecutiveFailures: 0 });
  });

  it('keeps a PENDING node PENDING until the threshold, then UNREACHABLE', () => {
    expect(run(PENDING, [false, false, false], 2)).toEqual([NodeState.PENDING, NodeState.UNREACHABLE, NodeState.UNREACHABLE]);
  });

  it('keeps an ACTIVE node ACTIVE through fewer failures than the threshold', () => {
    expect(run(ACTIVE, [false, false, true, false, false, false], 3)).toEqual([
      NodeState.ACTIVE,
      NodeState.ACTIVE,
      NodeState.ACTIVE,
      NodeState.ACTIVE,
      NodeState.ACTIVE,
      NodeState.UNREACHABLE,
    ]);
  });

  it('counts failures in a row only: a good poll resets the count', () => {
    const failedTwice = afterPoll(afterPoll(ACTIVE, false, 5), false, 5);
    expect(failedTwice.consecutiveFailures).toBe(2);
    expect(afterPoll(failedTwice, true, 5).consecutiveFailures).toBe(0);
  });

  it('marks a node UNREACHABLE at its first failure when the threshold is 1', () => {
    expect(afterPoll(ACTIVE, false, 1)).toEqual({ state: NodeState.UNREACHABLE, consecutiveFailures: 1 });
  });

  it('brings an UNREACHABLE node back to ACTIVE at the next good poll', () => {
    expect(run(ACTIVE, [false, false, false, true], 2)).toEqual([
      NodeState.ACTIVE,
      NodeState.UNREACHABLE,
      NodeState.UNREACHABLE,
      NodeState.ACTIVE,
    ]);
  });
});
