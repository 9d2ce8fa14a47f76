import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { UsageFiguresDto } from '../usage.dto.js';

// No examples: Swagger UI would send them, asking for a past hour that holds no points.
export class UsageHistoryQuery {
  @ApiPropertyOptional({
    description: 'Start of the range (ISO 8601, inclusive, e.g. 2025-01-01T10:00:00Z). Default: one hour before `to`',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time such as 2025-01-01T10:00:00Z' })
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the range (ISO 8601, inclusive). Default: now',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time such as 2025-01-01T11:00:00Z' })
  to?: string;
}

/** One stored usage point; the manager keeps one per node per HISTORY_INTERVAL_MS. */
export class UsageHistoryPointDto extends UsageFiguresDto {
  @ApiProperty({ description: 'When the manager received these figures (manager clock)', format: 'date-time' })
  at!: string;

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
