/** The command line is wrong: a missing argument, an unknown option or verb, an ambiguous name. Exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The verb whose help explains the right usage, if any. */
    readonly verb?: string,
  ) {
    super(message);
  }
}

/** The operation could not be done, for a reason found without the manager refusing (e.g. no such node). Exit 1. */
export class OperationFailedError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
