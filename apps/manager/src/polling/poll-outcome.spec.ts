import {
  ComputeNodeAnsweredError,
  ComputeNodeUnreachableError,
  type ComputeInstance,
  type ComputeUsage,
} from '@tinystack/compute-client';
import { classifyPoll } from './poll-outcome.js';

const USAGE = { hostname: 'pi-1', cpuPercent: 5 } as ComputeUsage;
const LIST: ComputeInstance[] = [{ id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [] }];
const ok = <T>(value: T): PromiseSettledResult<T> => ({ status: 'fulfilled', value });
const failed = (reason: unknown): PromiseSettledResult<never> => ({ status: 'rejected', reason });

describe('classifyPoll', () => {
  it('is a good poll when both answers came', () => {
    expect(classifyPoll(ok(USAGE), ok(LIST))).toEqual({ reachable: true, usage: USAGE, instances: LIST, instancesError: null });
  });

  it('is a good poll without instances when the node says LXC is missing (503), keeping its words', () => {
    const noLxc = new ComputeNodeAnsweredError(503, 'LXC is not usable on this node: lxc-ls not found: apt-get install lxc');
    expect(classifyPoll(ok(USAGE), failed(noLxc))).toEqual({
      reachable: true,
      usage: USAGE,
      instances: null,
      instancesError: 'LXC is not usable on this node: lxc-ls not found: apt-get install lxc',
    });
  });

  it('is a failed poll when the usage did not come, with the reason', () => {
    const refused = new ComputeNodeUnreachableError('connection refused (connect ECONNREFUSED 127.0.0.1:7001)', false);
    expect(classifyPoll(failed(refused), failed(refused))).toEqual({
      reachable: false,
      error: 'connection refused (connect ECONNREFUSED 127.0.0.1:7001)',
    });
  });

  it("is a failed poll when the node refuses the manager's token", () => {
    const refused = new ComputeNodeAnsweredError(401, 'The token was not accepted');
    expect(classifyPoll(failed(refused), ok(LIST))).toEqual({
      reachable: false,
      error: "the node refused the manager's token (The token was not accepted)",
    });
  });

  it('is a failed poll when the instance list timed out', () => {
    const late = new ComputeNodeUnreachableError('no answer within 1500 ms', true);
    expect(classifyPoll(ok(USAGE), failed(late))).toEqual({
      reachable: false,
      error: 'listing instances: no answer within 1500 ms',
    });
  });
});
