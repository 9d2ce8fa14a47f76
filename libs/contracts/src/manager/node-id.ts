import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/**
 * Validation and documentation of a property that holds a node id (a UUID the manager gave it).
 * No example: Swagger UI would fill it in, and any id made up here is a 404 on every manager.
 */
export function IsNodeId(description = 'Node id, as given by the manager at registration (see GET /api/nodes)'): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, format: 'uuid' }),
    IsUUID('4', { message: '$property must be a node id (a UUID such as 3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11), got "$value"' }),
  );
}
