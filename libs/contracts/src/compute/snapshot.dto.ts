import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CountField, TextField, TimestampField } from '../answer-fields.js';
import { INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE, IsInstanceName } from '../instance-name.js';

/** Most snapshots one instance may have: each one is a full copy of its root filesystem on an SD card. */
export const MAX_INSTANCE_SNAPSHOTS = 32;

/** A snapshot's name follows the instance-name rule (a hostname label). */
export const SNAPSHOT_NAME_PATTERN = INSTANCE_NAME_PATTERN;
export const SNAPSHOT_NAME_RULE = INSTANCE_NAME_RULE;

export class CreateSnapshotDto {
  @IsInstanceName('Snapshot name', 'clean')
  name!: string;
}

export const CREATE_SNAPSHOT_EXAMPLES = {
  clean: { summary: 'Before the lab starts', value: { name: 'clean' } },
} satisfies Record<string, { summary: string; value: CreateSnapshotDto }>;

export class RestoreSnapshotDto {
  @ApiPropertyOptional({
    description: 'Stop a running instance first (and start it again once restored); without it a running instance is a 409',
    default: false,
  })
  @IsOptional()
  @IsBoolean({ message: 'stopFirst must be true or false' })
  stopFirst?: boolean;
}

export class SnapshotParams {
  @IsInstanceName('Instance id (its name)')
  id!: string;

  @IsInstanceName('Snapshot name', 'clean')
  snap!: string;
}

/** One snapshot of an instance; the name is the one the user gave (LXC's own snapN is not shown). */
export class SnapshotDto {
  @TextField(
    { description: 'Snapshot name', example: 'clean' },
    { minLength: 1, maxLength: 63, pattern: SNAPSHOT_NAME_PATTERN, patternWords: `a snapshot name (${SNAPSHOT_NAME_RULE})` },
  )
  name!: string;

  @TimestampField({ description: 'When it was taken', example: '2026-01-12T09:30:00.000Z' })
  createdAt!: string;

  @CountField({ description: 'Disk space it takes, bytes; null when it cannot be told (not a directory backing)', example: 1_572_864 }, { nullable: true })
  sizeBytes!: number | null;
}

