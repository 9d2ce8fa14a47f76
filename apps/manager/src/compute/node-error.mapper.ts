import { HttpException, HttpStatus } from '@nestjs/common';
import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
} from '@tinystack/compute-client';

export interface NodeIdentity {
  name: string;
  url: string;
}

/**
 * What the manager's caller gets when an operation on a node fails. The node's
 * own 4xx, 503 and 504 keep their status and the node's words (prefixed with
 * the node's name); a node that cannot be reached is 502, one that does not
 * answer in time 504. Anything else is not a node failure and is returned as is.
 */
export function toNodeOperationError(error: unknown, node: NodeIdentity): unknown {
  if (error instanceof ComputeNodeAnsweredError) return fromAnswer(error, node);
  if (error instanceof ComputeNodeUnreachableError) {
    return error.timedOut
      ? httpError(HttpStatus.GATEWAY_TIMEOUT, `Node "${node.name}" did not answer in time (${error.reason})`)
      : httpError(HttpStatus.BAD_GATEWAY, `Node "${node.name}" at ${node.url} could not be reached: ${error.reason}`);
  }
  if (error instanceof ComputeNodeInvalidAnswerError) {
    return httpError(
      HttpStatus.BAD_GATEWAY,
      `Node "${node.name}" gave an answer the manager does not understand: ${error.message}`,
    );
  }
  return error;
}

function fromAnswer(error: ComputeNodeAnsweredError, node: NodeIdentity): HttpException {
  const own = `Node "${node.name}": ${error.nodeMessage}`;
  if (error.status === HttpStatus.UNAUTHORIZED || error.status === HttpStatus.FORBIDDEN) {
    return httpError(
      HttpStatus.BAD_GATEWAY,
      `Node "${node.name}" refused the manager's token (${error.nodeMessage}); ` +
        'unregister the node and register it again with its current token',
    );
  }
  if (error.status >= 400 && error.status < 500) return httpError(error.status, own, error.details);
  if (error.status === HttpStatus.SERVICE_UNAVAILABLE || error.status === HttpStatus.GATEWAY_TIMEOUT) {
    return httpError(error.status, own, error.details);
  }
  return httpError(HttpStatus.BAD_GATEWAY, `Node "${node.name}" failed with ${error.status}: ${error.nodeMessage}`);
}

function httpError(status: number, message: string, details?: string[]): HttpException {
  return new HttpException(details ? { message, details } : { message }, status);
}
