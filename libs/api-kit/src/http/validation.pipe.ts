import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * Unknown properties are refused rather than dropped, so a typo in a request
 * is a 400 that names it instead of a silently ignored field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = errors.flatMap((error) => describeValidationError(error));
      return new BadRequestException({ message: details.join('; '), details });
    },
  });
}

function describeValidationError(error: ValidationError, parentPath = ''): string[] {
  const path = parentPath ? `${parentPath}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith('property ') ? `${message} (allowed properties are listed in the API documentation)` : message,
  );
  const nested = (error.children ?? []).flatMap((child) => describeValidationError(child, path));
  return [...own, ...nested];
}
