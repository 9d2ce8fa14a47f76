import { HttpException, HttpStatus } from '@nestjs/common';

/** A 429 whose answer carries "Retry-After: <seconds>" (set by ApiErrorFilter). */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
