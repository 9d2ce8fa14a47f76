import { HttpException } from '@nestjs/common';
import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
} from '@tinystack/compute-client';
import { toNodeOperationError } from './node-error.mapper.js';

const NODE = { name: 'pi-2', url: 'http://10.0.0.22:7001' };

function mapped(error: unknown): { status: number; body: unknown } {
  const result = toNodeOperationError(error, NODE);
  if (!(result instanceof HttpException)) throw new Error('expected an HttpException');
  return { status: result.getStatus(), body: result.getResponse() };
}

describe('toNodeOperationError', () => {
  it.each([400, 404, 409, 422])("keeps a node's %i and its message, naming the node", (status) => {
    expect(mapped(new ComputeNodeAnsweredError(status, 'An instance named "twin" already exists'))).toEqual({
      status,
      body: { message: 'Node "pi-2": An instance named "twin" already exists' },
    });
  });

  it("passes a node's validation details on", () => {
    expect(mapped(new ComputeNodeAnsweredError(400, 'a; b', ['a', 'b']))).toEqual({
      status: 400,
      body: { message: 'Node "pi-2": a; b', details: ['a', 'b'] },
    });
  });

  it("keeps a node's 503 (LXC missing) and 504 (LXC too slow)", () => {
    expect(mapped(new ComputeNodeAnsweredError(503, 'LXC is not usable on this node: lxc-ls not found')).status).toBe(503);
    expect(mapped(new ComputeNodeAnsweredError(504, 'lxc-start timed out')).body).toEqual({
      message: 'Node "pi-2": lxc-start timed out',
    });
  });

  it("turns the node refusing the manager's token into a 502 that says what to do, never a 401", () => {
    const { status, body } = mapped(new ComputeNodeAnsweredError(401, 'The token was not accepted'));
    expect(status).toBe(502);
    expect((body as { message: string }).message).toBe(
      'Node "pi-2" refused the manager\'s token (The token was not accepted); ' +
        'unregister the node and register it again with its current token',
    );
  });

  it('turns other node 5xx answers into 502 with the node status and message', () => {
    expect(mapped(new ComputeNodeAnsweredError(500, 'Internal error: the server log has the details'))).toEqual({
      status: 502,
      body: { message: 'Node "pi-2" failed with 500: Internal error: the server log has the details' },
    });
  });

  it('turns no answer in time into 504 and an unreachable node into 502, naming the node', () => {
    expect(mapped(new ComputeNodeUnreachableError('no answer within 30000 ms', true))).toEqual({
      status: 504,
      body: { message: 'Node "pi-2" did not answer in time (no answer within 30000 ms)' },
    });
    expect(mapped(new ComputeNodeUnreachableError('connection refused (connect ECONNREFUSED)', false))).toEqual({
      status: 502,
      body: { message: 'Node "pi-2" at http://10.0.0.22:7001 could not be reached: connection refused (connect ECONNREFUSED)' },
    });
  });

  it('turns an answer that is not the compute API into 502', () => {
    expect(mapped(new ComputeNodeInvalidAnswerError('the answer is not JSON')).status).toBe(502);
  });

  it('returns anything that is not a node failure unchanged', () => {
    const bug = new TypeError('x is undefined');
    expect(toNodeOperationError(bug, NODE)).toBe(bug);
  });
});
