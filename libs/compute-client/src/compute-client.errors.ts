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

/**
 * No answer: connection refused, host not found, reset, or no answer in time
 * (`timedOut`). `delivered` is false only when the request certainly never
 * reached the node (refused, no such host, still waiting for a connection):
 * otherwise the node may have acted on it, and only a re-read tells.
 */
export class ComputeNodeUnreachableError extends ComputeClientError {
  constructor(
    readonly reason: string,
    readonly timedOut: boolean,
    readonly delivered = true,
  ) {
    super(reason);
  }
}

/**
 * The node answered, but not as the compute API does: not JSON, too large,
 * or a field breaks the contract. The message names the call and the field:
 * `GET /usage: cpuPercent must be a number from 0 to 100 (got "99")`.
 */
export class ComputeNodeInvalidAnswerError extends ComputeClientError {
  constructor(
    /** `GET /usage` */
    readonly call: string,
    /** What is wrong, without the call. */
    readonly problem: string,
  ) {
    super(`${call}: ${problem}`);
  }
}
