import { ApiPropertyOptional, ApiProperty, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CreateClusterInstanceDto } from './cluster-instance.dto.js';
import { toUsername, USERNAME_PATTERN, USERNAME_RULE } from './username.js';

/** Most instances one batch creates: a large class. */
export const MAX_BATCH_INSTANCES = 100;
/** The owner that makes a batch one instance per member. */
export const EACH_MEMBER = 'each-member';

/** A pattern names the copies: {n} is 1, 2, 3...; {user} is the owner's username (with owner: each-member). */
export const NAME_PATTERN_PATTERN = /^[A-Za-z](?:[A-Za-z0-9-]|\{n\}|\{user\}){0,61}$/;
export const NAME_PATTERN_RULE =
  'an instance name with {n} (1, 2, 3...) and/or {user} (the owner\'s username, with owner: each-member) in it, e.g. "web-{n}"';

export class CreateInstancesBatchDto extends OmitType(CreateClusterInstanceDto, ['name', 'owner', 'nodeId'] as const) {
  @ApiProperty({ description: `How the copies are named: ${NAME_PATTERN_RULE}`, example: 'web-{n}' })
  @IsString({ message: 'namePattern must be a string' })
  @Matches(NAME_PATTERN_PATTERN, { message: `namePattern must be ${NAME_PATTERN_RULE} (got "$value")` })
  @Matches(/\{n\}|\{user\}/, { message: 'namePattern must hold {n} or {user}, so that every copy has a name of its own (got "$value")' })
  namePattern!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_BATCH_INSTANCES,
    description: 'How many copies; with owner: each-member, one per member and count is not given',
    example: 6,
  })
  @IsOptional()
  @IsInt({ message: `count must be a whole number from 1 to ${MAX_BATCH_INSTANCES}` })
  @Min(1, { message: `count must be a whole number from 1 to ${MAX_BATCH_INSTANCES}` })
  @Max(MAX_BATCH_INSTANCES, { message: `count must be a whole number from 1 to ${MAX_BATCH_INSTANCES}` })
  count?: number;

  @ApiPropertyOptional({
    description: `Admins only: the username every copy is for, or "${EACH_MEMBER}" for one copy per member (every enabled member, by username). Default: the caller. ${USERNAME_RULE}`,
    example: EACH_MEMBER,
  })
  @IsOptional()
  @Transform(toUsername)
  @IsString({ message: 'owner must be a username or each-member' })
  // "each-member" is itself of the username pattern: a user of that name cannot be named as the owner of a batch.
  @Matches(USERNAME_PATTERN, { message: `owner must be a username (${USERNAME_RULE}) or ${EACH_MEMBER} (got "$value")` })
  owner?: string;
}

export const CREATE_INSTANCES_BATCH_EXAMPLES = {
  copies: { summary: 'Six copies of lab1, started', value: { image: 'lab1', namePattern: 'web-{n}', count: 6, start: true } },
  class: { summary: 'One per member, named after them', value: { image: 'lab1', namePattern: 'lab-{user}', owner: EACH_MEMBER } },
} satisfies Record<string, { summary: string; value: CreateInstancesBatchDto }>;
