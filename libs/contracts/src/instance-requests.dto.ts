import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { InstanceLimitsRequestDto } from './compute/limits.dto.js';
import { SETTLED_WAIT_RULE } from './health.dto.js';
import { IsInstanceName, TEMPLATE_NAME_PATTERN } from './instance-name.js';

export { TEMPLATE_NAME_PATTERN } from './instance-name.js';

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

  @ApiPropertyOptional({ type: InstanceLimitsRequestDto, description: 'Limits on memory, CPU and processes; none by default' })
  @IsOptional()
  @IsObject({ message: 'limits must be an object: { memoryMiB?, cpus?, cpuPercent?, processes? }' })
  @ValidateNested()
  @Type(() => InstanceLimitsRequestDto)
  limits?: InstanceLimitsRequestDto;

  @ApiPropertyOptional({ description: 'Start the instance whenever the node starts (a board back from a power cut)', default: false })
  @IsOptional()
  @IsBoolean({ message: 'autostart must be true or false' })
  autostart?: boolean;
}

/** A change of an instance's limits or autostart, stopped or running; what is left out is kept. */
export class PatchInstanceDto {
  @ApiPropertyOptional({
    type: InstanceLimitsRequestDto,
    description: 'Limits to set (a number) or remove (null); a running instance gets them at once where the kernel allows',
  })
  @IsOptional()
  @IsObject({ message: 'limits must be an object: { memoryMiB?, cpus?, cpuPercent?, processes? }' })
  @ValidateNested()
  @Type(() => InstanceLimitsRequestDto)
  limits?: InstanceLimitsRequestDto;

  @ApiPropertyOptional({ description: 'Start the instance whenever the node starts' })
  @IsOptional()
  @IsBoolean({ message: 'autostart must be true or false' })
  autostart?: boolean;
}

export const PATCH_INSTANCE_EXAMPLES = {
  memory: { summary: 'At most 64 MiB of memory', value: { limits: { memoryMiB: 64 } } },
  unlimited: { summary: 'No memory limit any more', value: { limits: { memoryMiB: null } } },
  autostart: { summary: 'Start with the board', value: { autostart: true } },
} satisfies Record<string, { summary: string; value: PatchInstanceDto }>;

/**
 * Request examples for the documents (Swagger UI sends the first one as it stands):
 * each is valid and accepted by a node with the default settings.
 */
export const CREATE_INSTANCE_EXAMPLES = {
  name: { summary: 'Only a name: the default template, left stopped', value: { name: 'web1' } },
  started: { summary: 'Started once created', value: { name: 'web1', start: true } },
  limited: {
    summary: 'With 64 MiB of memory and at most 256 processes, started with the board',
    value: { name: 'web1', limits: { memoryMiB: 64, processes: 256 }, autostart: true },
  },
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
