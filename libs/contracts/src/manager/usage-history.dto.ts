import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class UsageHistoryQuery {
  @ApiPropertyOptional({
    description: 'Start of the range (ISO 8601, inclusive). Default: one hour before `to`',
    format: 'date-time',
    example: '2025-01-01T10:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time such as 2025-01-01T10:00:00Z' })
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the range (ISO 8601, inclusive). Default: now',
    format: 'date-time',
    example: '2025-01-01T11:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time such as 2025-01-01T11:00:00Z' })
  to?: string;
}

/** One stored usage point; the manager keeps one per node per HISTORY_INTERVAL_MS. */
export class UsageHistoryPointDto {
  @ApiProperty({ description: 'When the manager received these figures (manager clock)', format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'CPU use, all cores, 0..100', example: 12.5 })
  cpuPercent!: number;

  @ApiProperty({ description: 'Memory in use, 0..100', example: 41.3 })
  memoryPercent!: number;

  @ApiProperty({ example: 412000000 })
  memoryUsedBytes!: number;

  @ApiProperty({ example: 998000000 })
  memoryTotalBytes!: number;

  @ApiProperty({ description: 'Received on physical interfaces, bytes per second', example: 2048 })
  networkRxBytesPerSecond!: number;

  @ApiProperty({ description: 'Sent on physical interfaces, bytes per second', example: 1024 })
  networkTxBytesPerSecond!: number;

  @ApiProperty({ description: 'Disk reads and writes per second', example: 3.5 })
  iops!: number;

  @ApiProperty({ description: 'Running containers', example: 2 })
  runningInstances!: number;

  @ApiProperty({ description: 'All containers', example: 3 })
  totalInstances!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Board temperature, °C, null when unknown', example: 48.2 })
  temperatureCelsius!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Poll round trip, milliseconds', example: 14.2 })
  pollLatencyMs!: number | null;
}

export class UsageHistoryDto {
  @ApiProperty({ format: 'uuid' })
  nodeId!: string;

  @ApiProperty({ description: 'Start of the range answered', format: 'date-time' })
  from!: string;

  @ApiProperty({ description: 'End of the range answered', format: 'date-time' })
  to!: string;

  @ApiProperty({ description: 'Milliseconds between stored points (HISTORY_INTERVAL_MS)', example: 10000 })
  intervalMs!: number;

  @ApiProperty({ type: [UsageHistoryPointDto], description: 'Oldest first' })
  points!: UsageHistoryPointDto[];
}
