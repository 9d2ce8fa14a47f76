import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
} from '@tinystack/compute-client';

/** One line saying why a call to a node failed, for a node's lastError and the event log. */
export function describeNodeFailure(error: unknown): string {
  if (error instanceof ComputeNodeAnsweredError) {
    if (error.status === 401) return `the node refused the manager's token (${error.nodeMessage})`;
    return `the node answered ${error.status}: ${error.nodeMessage}`;
  }
  if (error instanceof ComputeNodeUnreachableError) return error.reason;
  if (error instanceof ComputeNodeInvalidAnswerError) return `the node's answer is not a compute API answer: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
