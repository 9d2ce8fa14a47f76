import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OperationDto } from './operation.dto.js';
import { BUILT_IN_ADMIN_USERNAME, IsUsername, toUsername, USERNAME_RULE } from './username.js';

/** admin: the teacher, may do everything; member: a learner, acts on their own instances only. */
export enum UserRole {
  ADMIN = 'admin',
  MEMBER = 'member',
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not the username`;

/** Most users one batch may create: a large class. */
export const MAX_USER_BATCH = 200;

/** Largest value a quota field takes. */
export const MAX_QUOTA_COUNT = 1000;
export const MAX_QUOTA_MEMORY_MIB = 1024 * 1024;

/** How memoryMiB is counted, in the words the quota fields give. */
export const MEMORY_QUOTA_NOTE =
  "Counts the memory limits (limits.memoryMiB) of the user's instances; under a memory quota every create must set one";

/** A quota field in a request: a whole number, or null. */
function QuotaField(description: string, max: number, example: number | null): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: max, description, example }),
    IsOptional(),
    IsInt({ message: '$property must be a whole number or null' }),
    Min(0, { message: '$property must be 0 or more' }),
    Max(max, { message: `$property must be at most ${max}` }),
  );
}

/** Limits as stored: null means "unlimited" for the defaults, "the default" for a user's overrides. */
export class QuotaLimitsDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Instances (created, running or not)', example: 5 })
  instances!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Instances running at once', example: 3 })
  running!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: `Memory of all instances' limits, MiB. ${MEMORY_QUOTA_NOTE}`, example: null })
  memoryMiB!: number | null;
}

/** A change of limits: an absent field is left as it is; null means "the default" (for a user) or "unlimited" (for the defaults). */
export class QuotaChangeDto {
  @QuotaField('Instances (created, running or not)', MAX_QUOTA_COUNT, 5)
  instances?: number | null;

  @QuotaField('Instances running at once', MAX_QUOTA_COUNT, 3)
  running?: number | null;

  @QuotaField(`Memory of all instances' limits, MiB. ${MEMORY_QUOTA_NOTE}`, MAX_QUOTA_MEMORY_MIB, null)
  memoryMiB?: number | null;
}

/** What a user may have, as it applies now. */
export class QuotaDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Instances the user may have; null: unlimited', example: 5 })
  instances!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Instances the user may run at once; null: unlimited', example: 3 })
  running!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'MiB of instance memory limits; null: unlimited. See memoryEnforced', example: null })
  memoryMiB!: number | null;

  @ApiProperty({ type: QuotaLimitsDto, description: "This user's own limits; a null field follows the default (GET /api/quota-defaults)" })
  overrides!: QuotaLimitsDto;

  @ApiProperty({ description: 'True for admins: no quota applies to them', example: false })
  exempt!: boolean;

  @ApiProperty({ description: "Whether memoryMiB is enforced (true since instances have memory limits)", example: true })
  memoryEnforced!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'How memoryMiB is counted (null for a manager that does not count it)', example: MEMORY_QUOTA_NOTE })
  memoryNote!: string | null;
}

/** What a user has now: what the quotas count. */
export class UserUsageDto {
  @ApiProperty({ type: 'integer', description: 'Instances the user owns, creates in flight included', example: 2 })
  instances!: number;

  @ApiProperty({ type: 'integer', description: 'Of those, running (starts in flight included)', example: 1 })
  running!: number;

  @ApiProperty({ type: 'integer', description: "MiB of the memory limits of the user's instances (creates in flight included)", example: 128 })
  memoryMiB!: number;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Unique, lower-case', example: 'alice' })
  username!: string;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole', example: UserRole.MEMBER })
  role!: UserRole;

  @ApiProperty({ description: `The built-in "${BUILT_IN_ADMIN_USERNAME}" account: it cannot be deleted or disabled`, example: false })
  builtIn!: boolean;

  @ApiProperty({ description: 'A disabled user cannot sign in; their sessions and tokens are refused', example: false })
  disabled!: boolean;

  @ApiProperty({
    description: 'Signed in with a one-time password: only GET /api/me, PUT /api/me/password and DELETE /api/session answer until a new password is set',
    example: false,
  })
  mustChangePassword!: boolean;

  @ApiProperty({ description: 'False while the account has no password (the built-in admin before one is set): it cannot sign in with one', example: true })
  hasPassword!: boolean;

  @ApiProperty({ type: QuotaDto })
  quota!: QuotaDto;

  @ApiProperty({ type: UserUsageDto })
  usage!: UserUsageDto;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CreateUserDto {
  @IsUsername()
  username!: string;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole', example: UserRole.MEMBER })
  @IsEnum(UserRole, { message: 'role must be one of: admin, member' })
  role!: UserRole;

  @ApiPropertyOptional({ type: QuotaChangeDto, description: 'Limits of this member; an absent or null field follows the default' })
  @IsOptional()
  @IsObject({ message: 'quota must be an object' })
  @ValidateNested()
  @Type(() => QuotaChangeDto)
  quota?: QuotaChangeDto;
}

export const CREATE_USER_EXAMPLES = {
  member: { summary: 'A learner with the default quota', value: { username: 'alice', role: UserRole.MEMBER } },
} satisfies Record<string, { summary: string; value: CreateUserDto }>;

/** A new account with its one-time password: shown this once, never again. */
export class CreatedUserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole', example: UserRole.MEMBER })
  role!: UserRole;

  @ApiProperty({
    description: 'Shown once: 12 characters easy to read aloud and type (no 0, o, 1 or l); the user chooses a new password at the first sign-in',
    example: 'k7mpx3qe9dwt',
  })
  oneTimePassword!: string;
}

export class CreateUsersBatchDto {
  @ApiProperty({
    type: [String],
    description: `Usernames (${USERNAME_RULE}; upper case is turned to lower case), 1 to ${MAX_USER_BATCH}. All are created or none: a taken or invalid name is refused, naming it`,
    example: ['alice', 'bob'],
  })
  @IsArray({ message: 'usernames must be a list of usernames' })
  @ArrayMinSize(1, { message: 'usernames must name at least one user' })
  @ArrayMaxSize(MAX_USER_BATCH, { message: `usernames must name at most ${MAX_USER_BATCH} users` })
  @IsString({ each: true, message: 'every username must be a string' })
  @MaxLength(64, { each: true, message: 'a username is at most 32 characters' })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => toUsername({ value: item })) : value))
  usernames!: string[];

  @ApiPropertyOptional({ enum: UserRole, enumName: 'UserRole', default: UserRole.MEMBER })
  @IsOptional()
  @IsEnum(UserRole, { message: 'role must be one of: admin, member' })
  role?: UserRole;
}

export const CREATE_USERS_BATCH_EXAMPLES = {
  class: { summary: 'Three learners', value: { usernames: ['carol', 'dave', 'erin'] } },
} satisfies Record<string, { summary: string; value: CreateUsersBatchDto }>;

export class UpdateUserDto {
  @ApiPropertyOptional({ type: QuotaChangeDto, description: "Changes to this member's limits; a field set to null returns to the default" })
  @IsOptional()
  @IsObject({ message: 'quota must be an object' })
  @ValidateNested()
  @Type(() => QuotaChangeDto)
  quota?: QuotaChangeDto;

  @ApiPropertyOptional({ description: 'Disable (true) or enable (false): a disabled user is refused at once, sessions and tokens included', example: false })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

export const UPDATE_USER_EXAMPLES = {
  quota: { summary: 'Four instances, two running at once', value: { quota: { instances: 4, running: 2 } } },
} satisfies Record<string, { summary: string; value: UpdateUserDto }>;

export class UserIdParams {
  @ApiProperty({ description: 'User id (see GET /api/users)', format: 'uuid' })
  @IsUUID('4', { message: 'id must be a user id (a UUID), got "$value"' })
  id!: string;
}

/** What happens to the instances of a deleted user. */
export enum DeletedUserInstances {
  REASSIGN = 'reassign',
  DELETE = 'delete',
}

export class DeleteUserQuery {
  @ApiProperty({
    enum: DeletedUserInstances,
    enumName: 'DeletedUserInstances',
    description: `reassign: their instances become the built-in ${BUILT_IN_ADMIN_USERNAME}'s; delete: each is deleted (forced, as operations). Required: there is no default`,
    example: DeletedUserInstances.REASSIGN,
  })
  @IsIn(Object.values(DeletedUserInstances), { message: 'instances must be reassign or delete: say what becomes of their instances' })
  instances!: DeletedUserInstances;
}

/** An instance of a deleted user that the built-in admin now owns. */
export class ReassignedInstanceDto {
  @ApiProperty({ format: 'uuid' })
  nodeId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'pi-node-1' })
  nodeName!: string | null;

  @ApiProperty({ example: 'web1' })
  instance!: string;

  @ApiProperty({
    description: 'Why: "reassigned" (as asked), or why it could not be deleted now (its node is down, say)',
    example: 'reassigned',
  })
  reason!: string;
}

export class DeletedUserDto {
  @ApiProperty({ type: [OperationDto], description: 'The delete operations started for their instances (empty with reassign)' })
  operations!: OperationDto[];

  @ApiProperty({ type: [ReassignedInstanceDto], description: `Their instances now owned by the built-in ${BUILT_IN_ADMIN_USERNAME}` })
  reassigned!: ReassignedInstanceDto[];
}

export class OneTimePasswordDto {
  @ApiProperty({ description: 'Shown once; the user chooses a new password at the next sign-in', example: 'k7mpx3qe9dwt' })
  oneTimePassword!: string;
}

/** The limits that apply to every member without their own. */
export class QuotaDefaultsDto extends QuotaLimitsDto {
  @ApiProperty({ description: "Whether memoryMiB is enforced (true since instances have memory limits)", example: true })
  memoryEnforced!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'How memoryMiB is counted (null for a manager that does not count it)', example: MEMORY_QUOTA_NOTE })
  memoryNote!: string | null;
}

export const QUOTA_DEFAULTS_EXAMPLES = {
  lesson: { summary: 'Five instances, three running at once', value: { instances: 5, running: 3 } },
} satisfies Record<string, { summary: string; value: QuotaChangeDto }>;
