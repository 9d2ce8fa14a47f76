import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from '@tinystack/contracts';

const MEANINGS: Record<number, string> = {
  400: 'The request is invalid; the message says what is allowed',
  401: 'Missing or wrong bearer token',
  404: 'No such resource',
  409: 'The request conflicts with the current state',
  502: 'A compute node answered with an error or could not be reached',
  503: 'A required service is unavailable; the message says how to fix it',
  504: 'An operation did not finish in time',
};

/** Documents the ErrorDto answers a route can give, so generated clients know them. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: MEANINGS[status] ?? 'Error', type: ErrorDto }),
    ),
  );
}
