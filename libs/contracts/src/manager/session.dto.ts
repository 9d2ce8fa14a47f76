import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE, UserDto } from './user.dto.js';
import { toUsername } from './username.js';

/** The cookie a signed-in browser sends: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
export const SESSION_COOKIE = 'tinystack_session';
/** The header every state-changing request made with the session cookie carries: the csrfToken of the sign-in. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** How the caller of a request proved who they are. */
export enum AuthenticatedBy {
  SESSION = 'session',
  TOKEN = 'token',
  ADMIN_TOKEN = 'admin-token',
}

/**
 * A sign-in with a username and password. Without a body, the request's
 * "Authorization: Bearer" (MANAGER_TOKEN or a personal token) is turned into
 * a session instead: the fields are checked only when one of them is sent.
 */
export class SignInDto {
  @ApiProperty({ description: 'Username (upper case is turned to lower case)', example: 'alice', maxLength: 64 })
  @ValidateIf((request: SignInDto) => request.username !== undefined || request.password !== undefined)
  @Transform(toUsername)
  @IsString({ message: 'username must be a string' })
  @MaxLength(64, { message: 'username must be at most 64 characters long' })
  username!: string;

  @ApiProperty({ description: 'The password, or the one-time password the teacher handed out', example: 'k7mpx3qe9dwt', maxLength: 1024 })
  @ValidateIf((request: SignInDto) => request.username !== undefined || request.password !== undefined)
  @IsString({ message: 'password must be a string' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters long' })
  password!: string;
}

export const SIGN_IN_EXAMPLES = {
  password: { summary: 'A user who has a password', value: { username: 'alice', password: 'k7mpx3qe9dwt' } },
} satisfies Record<string, { summary: string; value: SignInDto }>;

export class SignedInDto {
  @ApiProperty({ type: UserDto })
  user!: UserDto;

  @ApiProperty({
    description: `Send it as "${CSRF_HEADER}" with every POST, PUT, PATCH and DELETE made with the session cookie; it lasts as long as the session`,
    example: 'Qm9vdHN0cmFwIGNzcmYgdG9rZW4gZXhhbXBsZQ',
  })
  csrfToken!: string;
}

export class MeDto {
  @ApiProperty({ type: UserDto })
  user!: UserDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description: `With the session cookie: the session's ${CSRF_HEADER} value (a page reloaded after sign-in finds it here); null for a bearer token`,
  })
  csrfToken!: string | null;

  @ApiProperty({ enum: AuthenticatedBy, enumName: 'AuthenticatedBy', example: AuthenticatedBy.SESSION })
  authenticatedBy!: AuthenticatedBy;
}

export class ChangePasswordDto {
  @ApiPropertyOptional({
    description:
      'The password in use now (a one-time password counts). Not needed while the account has none, nor with MANAGER_TOKEN',
    example: 'k7mpx3qe9dwt',
    maxLength: 1024,
  })
  @IsOptional()
  @IsString({ message: 'currentPassword must be a string' })
  @MaxLength(1024, { message: 'currentPassword must be at most 1024 characters long' })
  currentPassword?: string;

  @ApiProperty({ description: `The new password: ${PASSWORD_RULE}`, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' })
  @IsString({ message: 'newPassword must be a string' })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: `newPassword must be ${PASSWORD_RULE}` })
  newPassword!: string;
}

export const CHANGE_PASSWORD_EXAMPLES = {
  first: { summary: 'After a one-time password', value: { currentPassword: 'k7mpx3qe9dwt', newPassword: 'correct horse battery' } },
} satisfies Record<string, { summary: string; value: ChangePasswordDto }>;
