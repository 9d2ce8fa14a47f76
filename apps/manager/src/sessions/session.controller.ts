import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiBodyExamples, ApiErrors, BEARER_SCHEME, Public } from '@tinystack/api-kit';
import {
  CHANGE_PASSWORD_EXAMPLES,
  ChangePasswordDto,
  CSRF_HEADER,
  MeDto,
  SESSION_COOKIE,
  SIGN_IN_EXAMPLES,
  SignedInDto,
  SignInDto,
  UserDto,
} from '@tinystack/contracts';
import { AllowedBeforePasswordChange, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import { Clock } from '../clock/clock.js';
import { UserViews } from '../users/user-views.service.js';
import { PasswordService } from './password.service.js';
import { SignInService } from './sign-in.service.js';

@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(
    private readonly signIns: SignInService,
    private readonly views: UserViews,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in: sets the session cookie and answers the user with the CSRF token',
    description:
      `With { username, password }: checked against the stored scrypt hash. Without a body: the request's ` +
      '"Authorization: Bearer" (MANAGER_TOKEN, or a personal token) becomes a session of its user, which is how the ' +
      'console signs the teacher in from the address npm start prints. The cookie ' +
      `${SESSION_COOKIE} is HttpOnly, SameSite=Strict, Path=/ (Secure over HTTPS) and lasts SESSION_MAX_HOURS, ` +
      `ending after SESSION_IDLE_MINUTES without use. Every POST, PUT, PATCH and DELETE made with it must send ` +
      `"${CSRF_HEADER}: <csrfToken>". A session this browser had is ended. Failed sign-ins are limited per username ` +
      '(5 in 15 minutes) and per address (20): then 429 with Retry-After. A user with a one-time password may then ' +
      'only set a new one (PUT /api/me/password).',
    security: [{}, { [BEARER_SCHEME]: [] }],
  })
  @ApiBody({ type: SignInDto, required: false })
  @ApiBodyExamples(SignInDto, SIGN_IN_EXAMPLES)
  @ApiOkResponse({ type: SignedInDto, description: 'Signed in; Set-Cookie carries the session' })
  @ApiErrors(400, 401, 429)
  async signIn(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: SignInDto): Promise<SignedInDto> {
    const opened = await this.signIns.signIn(request, body);
    setSessionCookie(request, response, opened.id, opened.session.record.expiresAt, this.clock.now());
    return { user: this.views.toDto(opened.user), csrfToken: opened.session.csrfToken };
  }

  @Delete()
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign out: ends the session and clears the cookie',
    description: "With a bearer token, ends the session of the request's cookie if it is that user's.",
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors(401, 403)
  signOut(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    this.signIns.signOut(request, principal);
    clearSessionCookie(request, response);
  }
}

@ApiTags('session')
@ApiErrors(401)
@Controller('me')
export class MeController {
  constructor(
    private readonly passwords: PasswordService,
    private readonly views: UserViews,
  ) {}

  @Get()
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Who the caller is: their user (role, quota, what they use), the CSRF token of their session' })
  @ApiOkResponse({ type: MeDto, description: 'The caller' })
  getMe(@CurrentPrincipal() principal: Principal): MeDto {
    return {
      user: this.views.toDto(this.passwords.userOf(principal)),
      csrfToken: principal.session?.csrfToken ?? null,
      authenticatedBy: principal.authenticatedBy,
    };
  }

  @Put('password')
  @AllowedBeforePasswordChange()
  @ApiOperation({
    summary: "Choose the caller's password",
    description:
      'currentPassword is the one in use (a one-time password counts), checked with the limits of a sign-in; not ' +
      'needed while the account has none, nor with MANAGER_TOKEN. The other sessions of the user end; this one stays.',
  })
  @ApiBodyExamples(ChangePasswordDto, CHANGE_PASSWORD_EXAMPLES)
  @ApiOkResponse({ type: UserDto, description: 'The user, with mustChangePassword false' })
  @ApiErrors(400, 403, 429)
  async changePassword(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() change: ChangePasswordDto): Promise<UserDto> {
    return this.views.toDto(await this.passwords.change(request, principal, change));
  }
}
