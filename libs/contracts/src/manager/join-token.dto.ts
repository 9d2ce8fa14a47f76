import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { JOIN_TOKEN_EXAMPLE, type NodeJoinRequestDto } from '../join.dto.js';

export const JOIN_TOKEN_HOURS = { min: 1, max: 720, default: 24 } as const;
export const JOIN_TOKEN_NOTE_PATTERN = /^[^\u0000-\u001f\u007f]{1,200}$/;
export const JOIN_TOKEN_NOTE_RULE = '1 to 200 characters, no line breaks or other control characters';
/** Join tokens one manager keeps at once (revoked and expired ones included, until deleted by age). */
export const MAX_JOIN_TOKENS = 200;

const hours = `expiresInHours must be a whole number of hours from ${JOIN_TOKEN_HOURS.min} to ${JOIN_TOKEN_HOURS.max} (got "$value")`;

export class CreateJoinTokenDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: JOIN_TOKEN_HOURS.min,
    maximum: JOIN_TOKEN_HOURS.max,
    default: JOIN_TOKEN_HOURS.default,
    description: 'Hours until the token admits no more boards',
    example: 24,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: hours })
  @Min(JOIN_TOKEN_HOURS.min, { message: hours })
  @Max(JOIN_TOKEN_HOURS.max, { message: hours })
  expiresInHours?: number;

  @ApiPropertyOptional({ description: `What the token is for, to recognise it in the list: ${JOIN_TOKEN_NOTE_RULE}`, maxLength: 200, example: 'room 12, Tuesday' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'note must be a string' })
  @Matches(JOIN_TOKEN_NOTE_PATTERN, { message: `note must be ${JOIN_TOKEN_NOTE_RULE}` })
  note?: string;
}

export const CREATE_JOIN_TOKEN_EXAMPLES = {
  lesson: { summary: 'For the boards of one lesson', value: { expiresInHours: 4, note: 'room 12, Tuesday' } },
  default: { summary: 'Valid 24 hours, no note', value: {} },
} satisfies Record<string, { summary: string; value: CreateJoinTokenDto }>;

/** A join token as listed: never its secret. */
export class JoinTokenDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'room 12, Tuesday' })
  note!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'From then on the token admits no board' })
  expiresAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: not revoked' })
  revokedAt!: string | null;

  @ApiProperty({ type: 'integer', description: 'Boards that joined with it (a rejoin after a restart counts too; stored about once a minute)', example: 3 })
  uses!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last join made with it; null: never used' })
  lastUsedAt!: string | null;

  @ApiProperty({ description: 'true: made by "add a discovered board", admits one board once' })
  singleUse!: boolean;
}

export class CreatedJoinTokenDto extends JoinTokenDto {
  @ApiProperty({ description: 'Shown this once. The manager keeps only its SHA-256', example: JOIN_TOKEN_EXAMPLE })
  token!: string;

  @ApiProperty({
    description: 'What to type on a board (as root) so that it joins this manager',
    example: `sudo tinystack-compute join http://10.0.0.2:8080 ${JOIN_TOKEN_EXAMPLE}`,
  })
  command!: string;
}

export class JoinTokenIdParams {
  @ApiProperty({ description: 'Join token id (see GET /api/join-tokens)', format: 'uuid' })
  @IsUUID('4', { message: 'id must be a join token id (a UUID), got "$value"' })
  id!: string;
}

/** A board the manager hears on the LAN (mDNS) that is not registered: "waiting to be added". */
export class DiscoveredBoardDto {
  @ApiProperty({ format: 'uuid', description: "The board's compute id (its /health nodeId)" })
  computeId!: string;

  @ApiProperty({ description: 'Its mDNS name', example: 'raspberrypi-0b6d2f4e' })
  label!: string;

  @ApiProperty({ type: [String], description: 'Its IPv4 addresses as announced', example: ['10.0.0.23'] })
  addresses!: string[];

  @ApiProperty({ type: 'integer', example: 7001 })
  port!: number;

  @ApiProperty({ type: String, nullable: true, example: '0.1.0' })
  version!: string | null;

  @ApiProperty({ description: 'The board says it has joined a manager (another one: this one does not have it)' })
  joined!: boolean;

  @ApiProperty({ format: 'date-time', description: 'When it was last heard' })
  lastSeenAt!: string;
}

export class DiscoveredBoardParams {
  @ApiProperty({ description: "The board's compute id (see GET /api/discovered)", format: 'uuid' })
  @IsUUID('all', { message: 'computeId must be a compute id (a UUID), got "$value"' })
  computeId!: string;
}

/** What a board sends to POST /api/nodes/join (its node does it by itself; the example token is no manager's). */
export const NODE_JOIN_EXAMPLES = {
  board: {
    summary: 'A board that found the manager at MANAGER_URL',
    value: {
      joinToken: JOIN_TOKEN_EXAMPLE,
      computeId: '0b6d2f4e-8c11-4c1e-9a57-3f1c2a9e8d4b',
      computeToken: 'the-compute-token-of-the-board',
      port: 7001,
      hostname: 'pi-node-1',
      version: '0.1.0',
    },
  },
} satisfies Record<string, { summary: string; value: NodeJoinRequestDto }>;
