/** Why a call to a compute node did not give the answer asked for. */
export abstract class ComputeClientError extends Error {}

/**
 * The node answered with an error status. `nodeMessage` is the node's own
 * ErrorDto message (or its raw body when it sent something else).
 */
export class ComputeNodeAnsweredError extends ComputeClientError {
  constructor(
    readonly status: number,
    readonly nodeMessage: string,
    readonly details: string[] | undefined = undefined,
  ) {
    super(`the node answered ${status}: ${nodeMessage}`);
  }
}

/** No answer: connection refused, host not found, reset, or no answer in time (`timedOut`). */
export class ComputeNodeUnreachableError extends ComputeClientError {
  constructor(
    readonly reason: string,
    readonly timedOut: boolean,
  ) {
    super(reason);
  }
}

/** The node answered 2xx with a body that is not what the compute API sends (not JSON). */
export class ComputeNodeInvalidAnswerError extends ComputeClientError {}
