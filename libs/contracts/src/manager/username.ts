import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

/** Usernames are stored lower-case; they appear in the event log and in instance lists. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;
export const USERNAME_RULE = '2 to 32 lower-case letters, digits, "_" or "-", starting with a letter';

/** The account every manager has from its first start: the teacher, signed in with MANAGER_TOKEN until it has a password. */
export const BUILT_IN_ADMIN_USERNAME = 'admin';

/** Trims and lower-cases a username as typed ("Alice " is "alice"); anything else is left for the validators to refuse. */
export function toUsername({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

/** Validation and documentation of a username in a request. */
export function IsUsername(description = 'Username'): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description: `${description}: ${USERNAME_RULE} (upper case is turned to lower case)`, pattern: USERNAME_PATTERN.source, example: 'alice' }),
    Transform(toUsername),
    IsString({ message: '$property must be a string' }),
    Matches(USERNAME_PATTERN, { message: `$property must be ${USERNAME_RULE} (got "$value")` }),
  );
}

