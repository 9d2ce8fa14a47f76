import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IMAGE_ARCHITECTURES, type ImageArchitecture } from './compute/image-cache.dto.js';
import { TEMPLATE_NAME_PATTERN } from './instance-name.js';
import { JoinStatusDto } from './join.dto.js';
import { VERSION_PATTERN } from './version.js';

/**
 * The ranges of a compute node's LXC limits: its settings (LXC_*) are
 * validated against them and so are the limits a node reports. The upper
 * bounds keep every limit a valid Node.js timer delay (below 2^31 ms).
 */
export const NODE_LIMIT_RANGES = {
  commandTimeoutMs: { min: 1000, max: 3_600_000 },
  createTimeoutMs: { min: 1000, max: 86_400_000 },
  stopTimeoutSeconds: { min: 1, max: 300 },
} as const;

export { VERSION_PATTERN } from './version.js';

const range = (name: keyof typeof NODE_LIMIT_RANGES, unit: string) =>
  `${name} must be a whole number of ${unit} from ${NODE_LIMIT_RANGES[name].min} to ${NODE_LIMIT_RANGES[name].max} (got "$value")`;

export class LxcStatusDto {
  @ApiProperty({ description: 'Whether containers can be managed on this node' })
  @IsBoolean({ message: 'available must be true or false (got "$value")' })
  available!: boolean;

  @ApiProperty({ type: String, nullable: true, maxLength: 64, example: '5.0.2' })
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'version must be a string or null (got "$value")' })
  @MaxLength(64, { message: 'version must be at most 64 characters long' })
  version!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: 4000, description: 'Why LXC is not usable and how to fix it' })
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'reason must be a string or null (got "$value")' })
  @MaxLength(4000, { message: 'reason must be at most 4000 characters long' })
  reason!: string | null;
}

/** The node's LXC limits (its settings), from which a caller derives its own timeouts. */
export class NodeLimitsDto {
  @ApiProperty({
    type: 'integer',
    description: 'Timeout of each LXC command other than lxc-create, in milliseconds (LXC_COMMAND_TIMEOUT_MS)',
    minimum: NODE_LIMIT_RANGES.commandTimeoutMs.min,
    maximum: NODE_LIMIT_RANGES.commandTimeoutMs.max,
    example: 30000,
  })
  @IsInt({ message: range('commandTimeoutMs', 'milliseconds') })
  @Min(NODE_LIMIT_RANGES.commandTimeoutMs.min, { message: range('commandTimeoutMs', 'milliseconds') })
  @Max(NODE_LIMIT_RANGES.commandTimeoutMs.max, { message: range('commandTimeoutMs', 'milliseconds') })
  commandTimeoutMs!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Timeout of lxc-create, in milliseconds (LXC_CREATE_TIMEOUT_MS)',
    minimum: NODE_LIMIT_RANGES.createTimeoutMs.min,
    maximum: NODE_LIMIT_RANGES.createTimeoutMs.max,
    example: 300000,
  })
  @IsInt({ message: range('createTimeoutMs', 'milliseconds') })
  @Min(NODE_LIMIT_RANGES.createTimeoutMs.min, { message: range('createTimeoutMs', 'milliseconds') })
  @Max(NODE_LIMIT_RANGES.createTimeoutMs.max, { message: range('createTimeoutMs', 'milliseconds') })
  createTimeoutMs!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Default grace period of a stop before the container is killed, in seconds (LXC_STOP_TIMEOUT_S)',
    minimum: NODE_LIMIT_RANGES.stopTimeoutSeconds.min,
    maximum: NODE_LIMIT_RANGES.stopTimeoutSeconds.max,
    example: 10,
  })
  @IsInt({ message: range('stopTimeoutSeconds', 'seconds') })
  @Min(NODE_LIMIT_RANGES.stopTimeoutSeconds.min, { message: range('stopTimeoutSeconds', 'seconds') })
  @Max(NODE_LIMIT_RANGES.stopTimeoutSeconds.max, { message: range('stopTimeoutSeconds', 'seconds') })
  stopTimeoutSeconds!: number;
}

/**
 * The longest `GET /instances/:id?settled=true` waits for a change in
 * progress before it answers 504: a create, that is lxc-create and the
 * commands around it (the check of the name, the start, the read, the
 * clean-up of a failed create).
 */
export function settledWaitMs(limits: Pick<NodeLimitsDto, 'commandTimeoutMs' | 'createTimeoutMs'>): number {
  return limits.createTimeoutMs + SETTLED_WAIT_COMMANDS * limits.commandTimeoutMs;
}

/** How many commands besides lxc-create a settled wait allows for. */
export const SETTLED_WAIT_COMMANDS = 4;

/** The rule of `settledWaitMs`, in words, for the documents. */
export const SETTLED_WAIT_RULE = `createTimeoutMs + ${SETTLED_WAIT_COMMANDS} × commandTimeoutMs`;

/** What a compute node checks that a board needs, in this order. */
export const READINESS_CHECK_NAMES = ['lxc', 'bridge', 'programs', 'nftables', 'memory-cgroup', 'page-size', 'disk', 'i2c', 'clock'] as const;
export type ReadinessCheckName = (typeof READINESS_CHECK_NAMES)[number];

/**
 * The LED of each check in the not-ready pattern's top row, leftmost first:
 * the row has 8 LEDs for 9 checks, so nftables shares the LED of programs
 * (both say a program the node runs is missing or unusable; GET /health tells
 * them apart).
 */
export const READINESS_LED_COLUMNS: readonly (readonly ReadinessCheckName[])[] = [
  ['lxc'],
  ['bridge'],
  ['programs', 'nftables'],
  ['memory-cgroup'],
  ['page-size'],
  ['disk'],
  ['i2c'],
  ['clock'],
];

export class ReadinessCheckDto {
  @ApiProperty({
    enum: READINESS_CHECK_NAMES,
    enumName: 'ReadinessCheckName',
    description:
      'lxc: the LXC tools work; bridge: the containers\' bridge is up with DHCP; programs: every program the node runs is ' +
      'installed; nftables: nft works (port forwards); memory-cgroup: memory limits can be enforced; page-size: 4 KB memory pages; disk: free space on the ' +
      'lxcpath; i2c: the LED chip answers; clock: the time is synchronised',
    example: 'memory-cgroup',
  })
  @IsIn(READINESS_CHECK_NAMES, { message: `name must be one of ${READINESS_CHECK_NAMES.join(', ')} (got "$value")` })
  name!: ReadinessCheckName;

  @ApiProperty({ description: 'Whether the board passes this check' })
  @IsBoolean({ message: 'ok must be true or false (got "$value")' })
  ok!: boolean;

  @ApiProperty({ maxLength: 2000, description: 'What the node found, for a person', example: 'the kernel has the memory controller switched off (cgroup_disable=memory): memory limits of containers cannot be enforced' })
  @IsString({ message: 'detail must be a string (got "$value")' })
  @MaxLength(2000, { message: 'detail must be at most 2000 characters long' })
  detail!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 2000,
    description: 'What to do about a failed check; null when it passed',
    example: 'add cgroup_enable=memory to the end of the one line in /boot/firmware/cmdline.txt, then reboot',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'fix must be a string or null (got "$value")' })
  @MaxLength(2000, { message: 'fix must be at most 2000 characters long' })
  fix!: string | null;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  @IsIn(['ok'], { message: 'status must be "ok" (got "$value")' })
  status!: 'ok';

  @ApiProperty({
    format: 'uuid',
    description: "The node's own id: generated once and kept in DATA_DIR/node-id, the same after restarts and address changes",
    example: '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b',
  })
  @IsUUID('all', { message: 'nodeId must be a UUID (got "$value")' })
  nodeId!: string;

  @ApiProperty({
    description: 'The TinyStack version the node runs',
    pattern: VERSION_PATTERN.source,
    maxLength: 64,
    example: '0.1.0',
  })
  @IsString({ message: 'version must be a version such as 1.2.3 (got "$value")' })
  @MaxLength(64, { message: 'version must be at most 64 characters long' })
  @Matches(VERSION_PATTERN, { message: 'version must be a version such as 1.2.3 (got "$value")' })
  version!: string;

  @ApiProperty({ minLength: 1, maxLength: 253, example: 'pi-node-1' })
  @IsString({ message: 'hostname must be a string (got "$value")' })
  @Length(1, 253, { message: 'hostname must be 1 to 253 characters long' })
  hostname!: string;

  @ApiProperty({ type: 'integer', description: 'Seconds since the process started', minimum: 0, example: 120 })
  @IsInt({ message: 'uptimeSeconds must be a whole number of seconds, 0 or more (got "$value")' })
  @Min(0, { message: 'uptimeSeconds must be a whole number of seconds, 0 or more (got "$value")' })
  uptimeSeconds!: number;

  @ApiProperty({ type: LxcStatusDto })
  @IsObject({ message: 'lxc must be an object' })
  @ValidateNested()
  @Type(() => LxcStatusDto)
  lxc!: LxcStatusDto;

  @ApiProperty({ type: NodeLimitsDto })
  @IsObject({ message: 'limits must be an object' })
  @ValidateNested()
  @Type(() => NodeLimitsDto)
  limits!: NodeLimitsDto;

  // The fields below came with boards that join by themselves: optional, so that a manager still reads older nodes.

  @ApiPropertyOptional({ description: 'Every readiness check passed (checks); sent by every node since checks exist' })
  @IsOptional()
  @IsBoolean({ message: 'ready must be true or false (got "$value")' })
  ready?: boolean;

  @ApiPropertyOptional({
    type: [ReadinessCheckDto],
    description: `What a board needs, checked at start and every READINESS_INTERVAL_MS, in this order: ${READINESS_CHECK_NAMES.join(', ')}`,
  })
  @IsOptional()
  @IsArray({ message: 'checks must be a list' })
  @ValidateNested({ each: true })
  @Type(() => ReadinessCheckDto)
  checks?: ReadinessCheckDto[];

  @ApiPropertyOptional({ type: JoinStatusDto, description: 'Whether the node has joined its manager by itself (never the token)' })
  @IsOptional()
  @IsObject({ message: 'join must be an object' })
  @ValidateNested()
  @Type(() => JoinStatusDto)
  join?: JoinStatusDto;

  // Since images: which images the board can run and which templates it offers, for a create dialog.
  @ApiPropertyOptional({ enum: IMAGE_ARCHITECTURES, enumName: 'ImageArchitecture', description: "The board's architecture, as images name it (Debian's names)" })
  @IsOptional()
  @IsIn(IMAGE_ARCHITECTURES, { message: `architecture must be one of: ${IMAGE_ARCHITECTURES.join(', ')} (got "$value")` })
  architecture?: ImageArchitecture;

  @ApiPropertyOptional({ type: [String], maxItems: 32, description: 'The LXC templates the node allows (LXC_TEMPLATES), its default first', example: ['busybox'] })
  @IsOptional()
  @IsArray({ message: 'templates must be a list of template names' })
  @ArrayMaxSize(32, { message: 'templates must list at most 32 templates' })
  @Matches(TEMPLATE_NAME_PATTERN, { each: true, message: 'templates must be a list of template names (got "$value")' })
  templates?: string[];
}
