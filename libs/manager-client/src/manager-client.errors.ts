/** Why a call to the manager did not give the answer asked for. */
export abstract class ManagerClientError extends Error {}

/**
 * The manager answered with an error status. The message is the manager's own
 * (its ErrorDto message, or the raw text when it sent something else).
 */
export class ManagerAnsweredError extends ManagerClientError {
  constructor(
    readonly status: number,
    message: string,
    /** One entry per problem when the manager lists several (validation). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** No answer: connection refused, host not found, reset, or no answer in time (`timedOut`). */
export class ManagerUnreachableError extends ManagerClientError {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
    readonly timedOut: boolean,
  ) {
    super(`the manager at ${baseUrl} cannot be reached: ${reason}`);
  }
}

/** A 2xx answer that is not what the manager's OpenAPI document promises (not JSON, or another shape). */
export class ManagerInvalidAnswerError extends ManagerClientError {}
