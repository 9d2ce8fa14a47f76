import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export const API_TOKEN_MAX_LENGTH = 512;

/**
 * An API token is an opaque string a server compares and a client sends in a
 * header: printable ASCII only (0x21–0x7E), so that it can never carry a line
 * break, a control character or a space into a header, a log line or a
 * message, and bounded so that comparing one costs next to nothing.
 */
export const API_TOKEN_PATTERN = new RegExp(`^[\\x21-\\x7E]{1,${API_TOKEN_MAX_LENGTH}}$`);

export const API_TOKEN_RULE = `1 to ${API_TOKEN_MAX_LENGTH} printable ASCII characters (no spaces, line breaks or other control characters)`;

export function isApiToken(value: unknown): value is string {
  return typeof value === 'string' && API_TOKEN_PATTERN.test(value);
}

/**
 * Validation and documentation of a property that holds an API token. The
 * messages never show the value: a token is a secret, and a malformed one
 * may be crafted to forge a line wherever it is echoed.
 */
export function IsApiToken(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: `${description}. A token is ${API_TOKEN_RULE}`,
      pattern: API_TOKEN_PATTERN.source,
      minLength: 1,
      maxLength: API_TOKEN_MAX_LENGTH,
    }),
    IsString({ message: '$property must be a string' }),
    Matches(API_TOKEN_PATTERN, { message: `$property must be ${API_TOKEN_RULE}` }),
  );
}
