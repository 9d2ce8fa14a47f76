import type { ApiErrorBody } from './manager-api.types';

/** A refused or failed API call: the HTTP status and the manager's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** One entry per problem when the manager lists several (validation). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The error of an answer that is not 2xx; the manager's ErrorDto when it sent one. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.message, body.details ?? []);
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return new ApiError(status, text || `The manager answered ${status} with no message`);
}

/** What to show a person for any failure of a call. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return `The manager could not be reached (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}
