import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SETTLED_WAIT_RULE } from './health.dto.js';
import { IsInstanceName } from './instance-name.js';

export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,31}$/;

export class CreateInstanceDto {
  @IsInstanceName()
  name!: string;

  @ApiPropertyOptional({
    description: "LXC template; must be in the node's allow-list",
    default: 'busybox',
    pattern: TEMPLATE_NAME_PATTERN.source,
    example: 'busybox',
  })
  @IsOptional()
  @IsString()
  @Matches(TEMPLATE_NAME_PATTERN, {
    message: 'template must be a template name: lower-case letters, digits, ".", "_" or "-" (got "$value")',
  })
  template?: string;

  @ApiPropertyOptional({ description: 'Start the instance once it is created', default: false })
  @IsOptional()
  @IsBoolean({ message: 'start must be true or false' })
  start?: boolean;
}

/**
 * Request examples for the documents (Swagger UI sends the first one as it stands):
 * each is valid and accepted by a node with the default settings.
 */
export const CREATE_INSTANCE_EXAMPLES = {
  name: { summary: 'Only a name: the default template, left stopped', value: { name: 'web1' } },
  started: { summary: 'Started once created', value: { name: 'web1', start: true } },
} satisfies Record<string, { summary: string; value: CreateInstanceDto }>;

export enum InstanceAction {
  START = 'start',
  STOP = 'stop',
  RESTART = 'restart',
}

export class InstanceActionDto {
  @ApiProperty({ enum: InstanceAction, enumName: 'InstanceAction', example: InstanceAction.START })
  @IsEnum(InstanceAction, { message: 'action must be one of: start, stop, restart' })
  action!: InstanceAction;

  @ApiPropertyOptional({ description: 'Stop or restart: kill at once instead of a clean halt', default: false })
  @IsOptional()
  @IsBoolean({ message: 'force must be true or false' })
  force?: boolean;

  @ApiPropertyOptional({
    description: "Stop or restart: seconds to wait for a clean halt before killing (default: the node's setting)",
    minimum: 1,
    maximum: 300,
    example: 5,
  })
  @IsOptional()
  @IsInt({ message: 'timeoutSeconds must be a whole number of seconds' })
  @Min(1, { message: 'timeoutSeconds must be at least 1' })
  @Max(300, { message: 'timeoutSeconds must be at most 300' })
  timeoutSeconds?: number;
}

/** Request examples for the documents, one per kind of action. */
export const INSTANCE_ACTION_EXAMPLES = {
  start: { summary: 'Start', value: { action: InstanceAction.START } },
  stop: { summary: "Stop cleanly (killed when not halted within the node's stop timeout)", value: { action: InstanceAction.STOP } },
  kill: { summary: 'Stop at once (kill)', value: { action: InstanceAction.STOP, force: true } },
  restart: { summary: 'Restart', value: { action: InstanceAction.RESTART } },
} satisfies Record<string, { summary: string; value: InstanceActionDto }>;

export class RenameInstanceDto {
  // Not the example of the current name: renaming web1 to web1 would show nothing.
  @IsInstanceName('New instance name', 'web2')
  name!: string;
}

export class InstanceIdParams {
  @IsInstanceName('Instance id (its name)')
  id!: string;
}

/** Query flags arrive as strings; only the words true and false are accepted. */
export function toBooleanFlag({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

export class DeleteInstanceQuery {
  @ApiPropertyOptional({ description: 'Delete even when running (stops it first)', default: false })
  @IsOptional()
  @Transform(toBooleanFlag)
  @IsBoolean({ message: 'force must be true or false' })
  force?: boolean;
}

export class GetInstanceQuery {
  @ApiPropertyOptional({
    description:
      'Answer once the change in progress on the instance (if any: a create, start, stop, restart, rename or delete) ' +
      'is done, instead of a 409 while it is being created: how a caller learns the outcome of a call it lost. ' +
      `Waits at most ${SETTLED_WAIT_RULE} (the limits in GET /health), then answers 504.`,
    default: false,
  })
  @IsOptional()
  @Transform(toBooleanFlag)
  @IsBoolean({ message: 'settled must be true or false' })
  settled?: boolean;
}
