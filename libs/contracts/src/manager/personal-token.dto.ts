import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';

export const TOKEN_NAME_PATTERN = /^[^\u0000-\u001f\u007f]{1,64}$/;
export const TOKEN_NAME_RULE = '1 to 64 characters, no line breaks or other control characters';
export const MAX_TOKEN_DAYS = 3650;
/** Most personal tokens one user may hold at once. */
export const MAX_TOKENS_PER_USER = 20;

export class CreatePersonalTokenDto {
  @ApiProperty({ description: `What the token is for, to recognise it in the list: ${TOKEN_NAME_RULE}`, example: 'cli on lab-pc-3', maxLength: 64 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be a string' })
  @Matches(TOKEN_NAME_PATTERN, { message: `name must be ${TOKEN_NAME_RULE}` })
  name!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_TOKEN_DAYS, description: 'Days until the token stops working; without it the token works until revoked', example: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'expiresInDays must be a whole number of days' })
  @Min(1, { message: 'expiresInDays must be at least 1' })
  @Max(MAX_TOKEN_DAYS, { message: `expiresInDays must be at most ${MAX_TOKEN_DAYS}` })
  expiresInDays?: number;
}

export const CREATE_TOKEN_EXAMPLES = {
  cli: { summary: 'For the command line, for a month', value: { name: 'cli on lab-pc-3', expiresInDays: 30 } },
} satisfies Record<string, { summary: string; value: CreatePersonalTokenDto }>;

/** A personal token as listed: never its secret. */
export class PersonalTokenDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'cli on lab-pc-3' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: works until revoked' })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last request made with it (recorded about once a minute); null: never used' })
  lastUsedAt!: string | null;
}

export class CreatedPersonalTokenDto extends PersonalTokenDto {
  @ApiProperty({
    description: 'Shown this once: send it as "Authorization: Bearer <token>". The manager keeps only its SHA-256',
    example: 'ts_3q2-7wEq9mV0b1c5dXf8kLpR2sTuYzA4nBhJ6gKoWxI',
  })
  token!: string;
}

export class TokenIdParams {
  @ApiProperty({ description: 'Token id (see GET /api/tokens)', format: 'uuid' })
  @IsUUID('4', { message: 'id must be a token id (a UUID), got "$value"' })
  id!: string;
}
