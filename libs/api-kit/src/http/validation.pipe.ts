import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationTypes } from 'class-validator';

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

/**
 * The one wording of an unknown property, whether class-validator finds it
 * or the body parser (for the prototype keys class-transformer would not
 * even copy).
 */
export function describeUnknownProperty(path: string): string {
  return `property ${path} should not exist (allowed properties are listed in the API documentation)`;
}

function describeValidationError(error: ValidationError, parentPath = ''): string[] {
  const path = parentPath ? `${parentPath}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
    constraint === ValidationTypes.WHITELIST ? describeUnknownProperty(path) : message,
  );
  const nested = (error.children ?? []).flatMap((child) => describeValidationError(child, path));
  return [...own, ...nested];
}
