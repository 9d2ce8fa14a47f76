import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/**
 * Instance names become container directory names and hostnames, so they are
 * restricted to a hostname label: nothing that could escape the lxcpath or
 * reach a shell.
 */
export const INSTANCE_NAME_PATTERN = /^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An LXC template's name (the node's LXC_TEMPLATES, a create's template). */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,31}$/;

export const INSTANCE_NAME_RULE =
  '1 to 63 letters, digits or hyphens, starting with a letter and not ending with a hyphen';

export function isInstanceName(value: unknown): value is string {
  return typeof value === 'string' && INSTANCE_NAME_PATTERN.test(value);
}

/** Validation and documentation of a property that holds an instance name. */
export function IsInstanceName(description = 'Instance name (a hostname label)', example = 'web1'): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: `${description}: ${INSTANCE_NAME_RULE}`,
      pattern: INSTANCE_NAME_PATTERN.source,
      minLength: 1,
      maxLength: 63,
      example,
    }),
    IsString({ message: '$property must be a string' }),
    Matches(INSTANCE_NAME_PATTERN, {
      message: `$property must be ${INSTANCE_NAME_RULE} (got "$value")`,
    }),
  );
}
