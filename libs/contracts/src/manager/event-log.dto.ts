import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ADMIN_TOKEN_ACTOR, MANAGER_ACTOR, NODE_ACTOR } from './actor.js';

export enum EventAction {
  NODE_REGISTERED = 'node-registered',
  NODE_UNREGISTERED = 'node-unregistered',
  NODE_STATE_CHANGED = 'node-state-changed',
  INSTANCE_CREATED = 'instance-created',
  INSTANCE_STARTED = 'instance-started',
  INSTANCE_STOPPED = 'instance-stopped',
  INSTANCE_RESTARTED = 'instance-restarted',
  INSTANCE_RENAMED = 'instance-renamed',
  INSTANCE_DELETED = 'instance-deleted',
  INSTANCE_COMMAND_RUN = 'instance-command-run',
  INSTANCE_TERMINAL_OPENED = 'instance-terminal-opened',
  INSTANCE_PORT_EXPOSED = 'instance-port-exposed',
  INSTANCE_PORT_UNEXPOSED = 'instance-port-unexposed',
  USER_CREATED = 'user-created',
  USER_ENROLLED = 'user-enrolled',
  USER_CHANGED = 'user-changed',
  USER_PASSWORD_RESET = 'user-password-reset',
  USER_PASSWORD_CHANGED = 'user-password-changed',
  USER_DELETED = 'user-deleted',
  TOKEN_CREATED = 'token-created',
  TOKEN_REVOKED = 'token-revoked',
  QUOTA_DEFAULTS_CHANGED = 'quota-defaults-changed',
  CLASS_CODE_OPENED = 'class-code-opened',
  CLASS_CODE_CLOSED = 'class-code-closed',
  NODE_JOINED = 'node-joined',
  JOIN_TOKEN_CREATED = 'join-token-created',
  JOIN_TOKEN_REVOKED = 'join-token-revoked',
  IMAGE_IMPORTED = 'image-imported',
  IMAGE_PUBLISHED = 'image-published',
  IMAGE_CHANGED = 'image-changed',
  IMAGE_DELETED = 'image-deleted',
  IMAGE_WARMED = 'image-warmed',
  INSTANCES_BATCH_CREATED = 'instances-batch-created',
  INSTANCE_CONFIG_CHANGED = 'instance-config-changed',
  SNAPSHOT_CREATED = 'snapshot-created',
  SNAPSHOT_RESTORED = 'snapshot-restored',
  SNAPSHOT_DELETED = 'snapshot-deleted',
}


/** success: done; failure: refused or failed (for node-state-changed: the node became UNREACHABLE). */
export enum EventResult {
  SUCCESS = 'success',
  FAILURE = 'failure',
}

/** One entry of the manager's event log: every action through the manager and every node state change. */
export class EventLogEntryDto {
  @ApiProperty({ description: 'Increasing with time', example: 42 })
  id!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ enum: EventAction, enumName: 'EventAction', example: EventAction.INSTANCE_CREATED })
  action!: EventAction;

  @ApiProperty({ enum: EventResult, enumName: 'EventResult', example: EventResult.SUCCESS })
  result!: EventResult;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The node concerned; null when none (a refused registration)' })
  nodeId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Its name at the time', example: 'pi-node-1' })
  nodeName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The instance concerned, if any', example: 'web1' })
  instance!: string | null;

  @ApiProperty({ description: 'What happened, written for a person', example: 'Created "web1" on "pi-node-1"' })
  message!: string;

  @ApiProperty({
    description: `Who did it: a username, "${ADMIN_TOKEN_ACTOR}" (MANAGER_TOKEN), "${NODE_ACTOR}" or "${MANAGER_ACTOR}"`,
    example: 'alice',
  })
  actor!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Username of the owner of the instance concerned, at the time; null when the entry is about no instance of a user',
    example: 'alice',
  })
  owner!: string | null;
}

export class EventLogQuery {
  @ApiPropertyOptional({ type: 'integer', description: 'Entries per page', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'Only entries with an id below this one (the nextBefore of the previous page)',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'before must be an event id (a whole number)' })
  @Min(1, { message: 'before must be at least 1' })
  before?: number;

  @ApiPropertyOptional({ description: 'Only entries about this node', format: 'uuid' })
  @IsOptional()
  @IsUUID('4', { message: 'nodeId must be a node id (a UUID), got "$value"' })
  nodeId?: string;
}

export class EventLogPageDto {
  @ApiProperty({ type: [EventLogEntryDto], description: 'Newest first' })
  events!: EventLogEntryDto[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Pass as `before` to get the next (older) page; null on the last page',
  })
  nextBefore!: number | null;
}
