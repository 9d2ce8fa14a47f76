import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ClusterInstanceDetailsDto, PlacementDto } from './cluster-instance.dto.js';

/** What an operation does to an instance. */
export enum OperationAction {
  CREATE = 'create',
  START = 'start',
  STOP = 'stop',
  RESTART = 'restart',
  RENAME = 'rename',
  DELETE = 'delete',
  /** A stopped instance's root filesystem becomes an image of the library. */
  PUBLISH = 'publish',
  /** An image is sent to every ACTIVE node of its architecture that lacks it. */
  WARM = 'warm',
  /** Many instances at once, spread by placement. */
  BATCH = 'batch',
}

/** running until the node's outcome is known; then succeeded or failed, for good. */
export enum OperationStatus {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}

/** Longest wait GET /api/operations/:id may ask for. */
export const MAX_OPERATION_WAIT_SECONDS = 120;
/** Operations kept in memory: the newest this many... */
export const MAX_KEPT_OPERATIONS = 1000;
/** ...and none that finished longer ago than this. */
export const KEPT_OPERATION_AGE_MS = 60 * 60 * 1000;

/** What the caller would have got as an error, had the change been answered at once. */
export class OperationErrorDto {
  @ApiProperty({ type: 'integer', description: 'The HTTP status of the failure', example: 409 })
  statusCode!: number;

  @ApiProperty({ description: 'What went wrong, written for a person', example: 'Node "pi-node-1": An instance named "web1" already exists' })
  message!: string;
}

/** How far the image transfer of an operation is (a create from an image the node lacks, a warm, a publish). */
export class OperationProgressDto {
  @ApiProperty({ description: 'What is moving: "sending lab1 to pi-node-2", "reading the root filesystem"', example: 'sending lab1 to pi-node-2' })
  phase!: string;

  @ApiProperty({ type: 'integer', description: 'Bytes moved so far (a resumed transfer counts what the node had)', example: 10485760 })
  bytes!: number;

  @ApiProperty({ type: 'integer', description: 'Bytes in all (for a publish: the bytes so far, the size is known at the end)', example: 52428800 })
  totalBytes!: number;

  @ApiProperty({ description: 'bytes / totalBytes, 0-100, one decimal', example: 20 })
  percent!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The node the bytes go to or come from', example: 'pi-node-2' })
  nodeName!: string | null;
}

/** One item of an operation over many (an instance of a batch, a node of a warm). */
export class OperationItemResultDto {
  @ApiProperty({ description: 'The instance (batch) or the node (warm) this is about', example: 'web-1' })
  name!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Its node; null when it could not be placed' })
  nodeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'pi-node-1' })
  nodeName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'For a batch: whose instance it is', example: 'alice' })
  owner!: string | null;

  @ApiProperty({ enum: OperationStatus, enumName: 'OperationStatus', example: OperationStatus.SUCCEEDED })
  status!: OperationStatus;

  @ApiProperty({ type: String, nullable: true, description: 'What happened, for a person (the error message on failure)', example: 'created (RUNNING)' })
  message!: string | null;
}

/**
 * A change to an instance sent to its node (the LXD model): answered 202 at
 * once, followed here until the node's outcome is known. The end state is
 * what the node did, whatever happened to the call: when the call was cut off
 * or timed out, the manager re-read the instance and says so in `note`.
 */
export class OperationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: OperationAction, enumName: 'OperationAction', example: OperationAction.CREATE })
  action!: OperationAction;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The node the change goes to; null for an operation over several nodes (warm, batch: see results)',
  })
  nodeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'pi-node-1' })
  nodeName!: string | null;

  @ApiProperty({
    description: 'The instance the operation is about (its old name for a rename; the source instance of a publish; the name pattern of a batch; empty for a warm)',
    example: 'web1',
  })
  instance!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The image it creates from, publishes or warms; null for none', example: 'lab1' })
  image!: string | null;

  @ApiProperty({ description: 'Username of the owner of the instance (for a create: who it is created for)', example: 'alice' })
  owner!: string;

  @ApiProperty({ description: 'Who asked for it: a username, or "admin token" (MANAGER_TOKEN)', example: 'alice' })
  actor!: string;

  @ApiProperty({ enum: OperationStatus, enumName: 'OperationStatus', example: OperationStatus.RUNNING })
  status!: OperationStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the outcome became known; null while running' })
  finishedAt!: string | null;

  @ApiProperty({
    type: ClusterInstanceDetailsDto,
    nullable: true,
    description: 'The instance after the change; null while running, for a delete, and on failure',
  })
  result!: ClusterInstanceDetailsDto | null;

  @ApiProperty({
    type: PlacementDto,
    nullable: true,
    description: 'For a create placed by the manager: every candidate node with its score; the first was chosen',
  })
  placement!: PlacementDto | null;

  @ApiProperty({ type: OperationErrorDto, nullable: true, description: 'Why it failed; null unless failed' })
  error!: OperationErrorDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "What the manager did to learn the outcome when the node's answer was lost; null when the node answered",
    example: "the node's answer was lost (connection reset by the node); re-read: the instance exists and is RUNNING",
  })
  note!: string | null;

  @ApiProperty({ type: OperationProgressDto, nullable: true, description: 'How far its image transfer is; null when it moves no image (or has not started one)' })
  progress!: OperationProgressDto | null;

  @ApiProperty({ type: [OperationItemResultDto], nullable: true, description: 'A batch or a warm: one result per instance or node, as they come; null otherwise' })
  results!: OperationItemResultDto[] | null;
}

export class OperationIdParams {
  @ApiProperty({ description: 'Operation id (see the Location of the 202 answer)', format: 'uuid' })
  @IsUUID('4', { message: 'id must be an operation id (a UUID), got "$value"' })
  id!: string;
}

export class OperationWaitQuery {
  @ApiPropertyOptional({
    type: 'integer',
    description: `Seconds to wait for the operation to finish before answering (0..${MAX_OPERATION_WAIT_SECONDS}); default 0: at once`,
    minimum: 0,
    maximum: MAX_OPERATION_WAIT_SECONDS,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'wait must be a whole number of seconds' })
  @Min(0, { message: 'wait must be 0 or more' })
  @Max(MAX_OPERATION_WAIT_SECONDS, { message: `wait must be at most ${MAX_OPERATION_WAIT_SECONDS} seconds` })
  wait?: number;
}

export class OperationListQuery {
  @ApiPropertyOptional({ enum: OperationStatus, enumName: 'OperationStatus', description: 'Only operations in this status' })
  @IsOptional()
  @IsEnum(OperationStatus, { message: 'status must be one of: running, succeeded, failed' })
  status?: OperationStatus;

  @ApiPropertyOptional({ type: 'integer', description: 'At most this many, newest first', minimum: 1, maximum: MAX_KEPT_OPERATIONS, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_KEPT_OPERATIONS, { message: `limit must be at most ${MAX_KEPT_OPERATIONS}` })
  limit?: number;
}
