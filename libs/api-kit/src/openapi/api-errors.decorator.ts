import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from '@tinystack/contracts';

/** What each error status of a TinyStack API means, for the documents. */
export const API_ERROR_MEANINGS: Readonly<Record<number, string>> = {
  400: 'The request is invalid; the message says what is allowed',
  401: 'Missing or wrong bearer token',
  403: 'Not allowed for this caller; the message says why',
  404: 'No such resource',
  409: 'The request conflicts with the current state',
  413: 'The request body is larger than the route accepts (64 KB unless the route says otherwise)',
  415: 'The request body is not JSON: send it with "Content-Type: application/json"',
  416: 'The range asked for does not fit what the server holds; the message says where to start',
  422: 'The request is well-formed but cannot be done as it stands; the message says why (a corrupted or foreign image…)',
  429: 'Too many attempts: the Retry-After header says how many seconds to wait',
  502: 'A compute node answered with an error or could not be reached',
  503: 'A required service is unavailable; the message says how to fix it',
  504: 'An operation did not finish in time',
  507: 'Not enough disk space for it; the message says how much there is',
};

/** Documents the ErrorDto answers a route can give, so generated clients know them. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: API_ERROR_MEANINGS[status] ?? 'Error', type: ErrorDto }),
    ),
  );
}
