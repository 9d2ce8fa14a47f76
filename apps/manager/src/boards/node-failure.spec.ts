import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
} from '@tinystack/compute-client';
import { classifyNodeFailure, describeNodeFailure, toCallerError, type CallerError } from './node-failure.js';

const NODE = { name: 'pi-2', url: 'http://10.0.0.22:7001' };

function callerError(error: unknown): CallerError {
  const failure = classifyNodeFailure(error);
  if (!failure) throw new Error('expected a node failure');
  return toCallerError(failure, NODE);
}

describe('node failures', () => {
  it.each([400, 404, 409, 422])("keeps a node's %i and its message, naming the node", (status) => {
    expect(callerError(new ComputeNodeAnsweredError(status, 'An instance named "twin" already exists'))).toEqual({
      statusCode: status,
      message: 'Node "pi-2": An instance named "twin" already exists',
    });
  });

  it("passes a node's validation details on", () => {
    expect(callerError(new ComputeNodeAnsweredError(400, 'a; b', ['a', 'b']))).toEqual({
      statusCode: 400,
      message: 'Node "pi-2": a; b',
      details: ['a', 'b'],
    });
  });

  it("keeps a node's 503 (it cannot run containers) and 504 (LXC too slow)", () => {
    const noLxc = new ComputeNodeAnsweredError(503, 'LXC is not usable on this node: lxc-ls not found');
    expect(classifyNodeFailure(noLxc)).toMatchObject({ kind: 'cannot-run', description: 'LXC is not usable on this node: lxc-ls not found' });
    expect(callerError(noLxc).statusCode).toBe(503);
    expect(callerError(new ComputeNodeAnsweredError(504, 'lxc-start timed out; after the start attempt the instance is STOPPED'))).toEqual({
      statusCode: 504,
      message: 'Node "pi-2": lxc-start timed out; after the start attempt the instance is STOPPED',
    });
  });

  it("turns the node refusing the manager's token into a 502 that says what to do, never a 401", () => {
    const refused = new ComputeNodeAnsweredError(401, 'The token was not accepted');
    expect(describeNodeFailure(refused)).toBe("the node refused the manager's token (The token was not accepted)");
    expect(callerError(refused)).toEqual({
      statusCode: 502,
      message:
        'Node "pi-2" refused the manager\'s token (The token was not accepted); ' +
        'unregister the node and register it again with its current token',
    });
  });

  it('turns other node 5xx answers into 502 with the node status and message', () => {
    expect(callerError(new ComputeNodeAnsweredError(500, 'lxc-info failed: no such file'))).toEqual({
      statusCode: 502,
      message: 'Node "pi-2" failed with 500: lxc-info failed: no such file',
    });
  });

  it('turns no answer in time into 504 and an unreachable node into 502, naming the node, and knows what may have reached it', () => {
    const late = new ComputeNodeUnreachableError('no answer within 30000 ms', true);
    expect(classifyNodeFailure(late)).toMatchObject({ kind: 'unreachable', timedOut: true, delivered: true });
    expect(callerError(late)).toEqual({ statusCode: 504, message: 'Node "pi-2" did not answer in time (no answer within 30000 ms)' });
    const refused = new ComputeNodeUnreachableError('connection refused (connect ECONNREFUSED)', false, false);
    expect(classifyNodeFailure(refused)).toMatchObject({ kind: 'unreachable', delivered: false });
    expect(callerError(refused)).toEqual({
      statusCode: 502,
      message: 'Node "pi-2" at http://10.0.0.22:7001 could not be reached: connection refused (connect ECONNREFUSED)',
    });
  });

  it('turns an answer that breaks the compute contract into 502 naming the call and the field', () => {
    const invalid = new ComputeNodeInvalidAnswerError('GET /usage', 'cpuPercent must be a number from 0 to 100 (got "99")');
    expect(classifyNodeFailure(invalid)).toMatchObject({ kind: 'invalid', description: 'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")' });
    expect(callerError(invalid)).toEqual({
      statusCode: 502,
      message: 'Node "pi-2" gave an answer that breaks the compute API: GET /usage: cpuPercent must be a number from 0 to 100 (got "99")',
    });
  });

  it('is not a node failure when it is a bug of the manager', () => {
    expect(classifyNodeFailure(new TypeError('x is undefined'))).toBeNull();
    expect(describeNodeFailure(new TypeError('x is undefined'))).toBe('x is undefined');
  });
});
