import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE } from './user.dto.js';
import { IsUsername } from './username.js';

export const DEFAULT_CLASS_CODE_MINUTES = 60;
export const MAX_CLASS_CODE_MINUTES = 24 * 60;

export class OpenClassCodeDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_CLASS_CODE_MINUTES,
    default: DEFAULT_CLASS_CODE_MINUTES,
    description: 'How long learners may enrol with the code',
    example: DEFAULT_CLASS_CODE_MINUTES,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minutes must be a whole number' })
  @Min(1, { message: 'minutes must be at least 1' })
  @Max(MAX_CLASS_CODE_MINUTES, { message: `minutes must be at most ${MAX_CLASS_CODE_MINUTES} (24 hours)` })
  minutes?: number;
}

export class ClassCodeDto {
  @ApiProperty({ description: 'The code learners type to enrol (8 characters, no 0, o, 1 or l); opening again replaces it', example: 'k7mp3qe9' })
  code!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

export class ClassCodeStatusDto {
  @ApiProperty({ example: true })
  open!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The open code; null when closed', example: 'k7mp3qe9' })
  code!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null when closed' })
  expiresAt!: string | null;
}

/** A learner enrols with the class code the teacher opened, choosing their own username and password. */
export class EnrolDto {
  @ApiProperty({ description: 'The class code the teacher shows', example: 'k7mp3qe9', maxLength: 64 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString({ message: 'code must be a string' })
  @MaxLength(64, { message: 'code must be at most 64 characters long' })
  code!: string;

  @IsUsername('The username to have')
  username!: string;

  @ApiProperty({ description: `The password to have: ${PASSWORD_RULE}`, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' })
  @IsString({ message: 'password must be a string' })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `password must be ${PASSWORD_RULE}` })
  password!: string;
}

export const ENROL_EXAMPLES = {
  learner: { summary: 'Replace code with the one the teacher shows', value: { code: 'k7mp3qe9', username: 'frank', password: 'correct horse battery' } },
} satisfies Record<string, { summary: string; value: EnrolDto }>;
