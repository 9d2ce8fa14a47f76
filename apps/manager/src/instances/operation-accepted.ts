import type { Response } from 'express';
import type { OperationDto } from '@tinystack/contracts';
import { API_PREFIX } from '../manager.app.js';
import { OPERATIONS_PATH } from '../operations/operations.controller.js';

/** Where a 202's operation can be followed. */
export function acceptedOperation(response: Response, operation: OperationDto): OperationDto {
  response.setHeader('Location', `/${API_PREFIX}/${OPERATIONS_PATH}/${operation.id}`);
  return operation;
}

export const OPERATION_LOCATION_HEADER = {
  Location: { description: 'Where to follow the operation: /api/operations/<id> (GET, with ?wait= to wait for its end)', schema: { type: 'string' } },
} as const;
