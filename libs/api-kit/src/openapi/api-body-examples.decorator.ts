import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';

/** A named request example; Swagger UI offers each by its summary. */
export interface RequestExample<T> {
  summary: string;
  value: T;
}

/**
 * Documents a JSON body of type `dto` with named examples. Swagger UI pre-fills
 * the first one, so it must be a request the server accepts as it stands;
 * without examples it would build one from every property, optional ones included.
 */
export function ApiBodyExamples<T>(
  dto: Type<T>,
  examples: Record<string, RequestExample<NoInfer<T>>>,
  options: { required?: boolean } = {},
): MethodDecorator {
  return applyDecorators(
    // A body given by schema is not registered by @Body(); the $ref needs its component.
    ApiExtraModels(dto),
    ApiBody({ schema: { $ref: getSchemaPath(dto) }, examples, required: options.required ?? true }),
  );
}
