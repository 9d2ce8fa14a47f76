import { HttpException, HttpStatus } from '@nestjs/common';
import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
} from '@tinystack/compute-client';

/**
 * The one classifier of what went wrong in a call to a node:
 * - answered: the node refused or failed with an HTTP error of its own;
 * - cannot-run: the node works but cannot run containers (its 503: LXC missing);
 * - unreachable: no answer (refused, reset, no answer in time);
 * - invalid: an answer that breaks the compute contract (the node is FAULTY).
 * Anything else is not a node failure but a bug, and is left alone.
 */
export type NodeFailure =
  | { kind: 'answered'; status: number; description: string; error: ComputeNodeAnsweredError }
  | { kind: 'cannot-run'; description: string; error: ComputeNodeAnsweredError }
  | { kind: 'unreachable'; timedOut: boolean; delivered: boolean; description: string; error: ComputeNodeUnreachableError }
  | { kind: 'invalid'; description: string; error: ComputeNodeInvalidAnswerError };

export function classifyNodeFailure(error: unknown): NodeFailure | null {
  if (error instanceof ComputeNodeAnsweredError) {
    if (error.status === HttpStatus.SERVICE_UNAVAILABLE) return { kind: 'cannot-run', description: error.nodeMessage, error };
    const description =
      error.status === HttpStatus.UNAUTHORIZED
        ? `the node refused the manager's token (${error.nodeMessage})`
        : `the node answered ${error.status}: ${error.nodeMessage}`;
    return { kind: 'answered', status: error.status, description, error };
  }
  if (error instanceof ComputeNodeUnreachableError) {
    return { kind: 'unreachable', timedOut: error.timedOut, delivered: error.delivered, description: error.reason, error };
  }
  if (error instanceof ComputeNodeInvalidAnswerError) return { kind: 'invalid', description: error.message, error };
  return null;
}

/** One line saying why a call to a node failed, for a node's lastError and the event log. */
export function describeNodeFailure(error: unknown): string {
  const failure = classifyNodeFailure(error);
  if (failure) return failure.description;
  return error instanceof Error ? error.message : String(error);
}

export interface NodeIdentity {
  name: string;
  url: string;
}

/** What the manager's caller gets for a failed call to a node: a status and a message naming the node. */
export interface CallerError {
  statusCode: number;
  message: string;
  details?: string[];
}

/**
 * The node's own 4xx, 503 and 504 keep their status and the node's words
 * (prefixed with the node's name); a refused token is 502 with what to do;
 * a node that cannot be reached is 502, one that does not answer in time 504,
 * an answer that breaks the contract 502.
 */
export function toCallerError(failure: NodeFailure, node: NodeIdentity): CallerError {
  switch (failure.kind) {
    case 'cannot-run':
      return withDetails(HttpStatus.SERVICE_UNAVAILABLE, `Node "${node.name}": ${failure.error.nodeMessage}`, failure.error.details);
    case 'answered':
      return fromAnswer(failure.error, node);
    case 'unreachable':
      return failure.timedOut
        ? { statusCode: HttpStatus.GATEWAY_TIMEOUT, message: `Node "${node.name}" did not answer in time (${failure.description})` }
        : { statusCode: HttpStatus.BAD_GATEWAY, message: `Node "${node.name}" at ${node.url} could not be reached: ${failure.description}` };
    case 'invalid':
      return {
        statusCode: HttpStatus.BAD_GATEWAY,
        message: `Node "${node.name}" gave an answer that breaks the compute API: ${failure.description}`,
      };
  }
}

function fromAnswer(error: ComputeNodeAnsweredError, node: NodeIdentity): CallerError {
  if (error.status === HttpStatus.UNAUTHORIZED || error.status === HttpStatus.FORBIDDEN) {
    return {
      statusCode: HttpStatus.BAD_GATEWAY,
      message:
        `Node "${node.name}" refused the manager's token (${error.nodeMessage}); ` +
        'unregister the node and register it again with its current token',
    };
  }
  const own = `Node "${node.name}": ${error.nodeMessage}`;
  if ((error.status >= 400 && error.status < 500) || error.status === HttpStatus.GATEWAY_TIMEOUT) {
    return withDetails(error.status, own, error.details);
  }
  return { statusCode: HttpStatus.BAD_GATEWAY, message: `Node "${node.name}" failed with ${error.status}: ${error.nodeMessage}` };
}

function withDetails(statusCode: number, message: string, details: string[] | undefined): CallerError {
  return details ? { statusCode, message, details } : { statusCode, message };
}

export function toHttpException(error: CallerError): HttpException {
  const { statusCode, message, details } = error;
  return new HttpException(details ? { message, details } : { message }, statusCode);
}
