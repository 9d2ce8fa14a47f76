import { BadRequestException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { clientAddress } from '@tinystack/api-kit';
import { ADMIN_TOKEN_ACTOR, SESSION_COOKIE, USERNAME_PATTERN, type SignInDto } from '@tinystack/contracts';
import { Authenticator } from '../auth/authenticator.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { Principal } from '../auth/principal.js';
import { secretDigest } from '../auth/secret-digest.js';
import { readCookie } from '../auth/session-cookie.js';
import { SignInLimits } from '../auth/sign-in-limits.js';
import { Clock } from '../clock/clock.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import type { SessionOrigin } from './session-record.js';
import { SessionStore, type LiveSession } from './session-store.service.js';

/** A session just opened: its id for the cookie (never stored), and the user. */
export interface OpenedSession {
  id: string;
  session: LiveSession;
  user: UserRecord;
}

export const WRONG_PASSWORD = 'Wrong username or password';

/**
 * Signing in: with a username and password (scrypt-verified, rate-limited
 * per username and per address), or by turning the request's bearer token
 * into a session (how the console signs the teacher in from the address
 * `npm start` prints). Signing in replaces the session the browser had.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly authenticator: Authenticator,
    private readonly limits: SignInLimits,
    private readonly clock: Clock,
  ) {}

  async signIn(request: Request, body: SignInDto | undefined): Promise<OpenedSession> {
    if (body?.username !== undefined) return this.withPassword(request, body.username, body.password);
    const principal = this.authenticator.bearer(request);
    if (!principal) {
      throw new BadRequestException(
        'Send a username and password, or "Authorization: Bearer <token>" (MANAGER_TOKEN or a personal token) to turn into a session',
      );
    }
    return this.openSession(request, principal.userId, principal.actor === ADMIN_TOKEN_ACTOR ? 'admin-token' : 'token');
  }

  /** Revokes the session of the request (its cookie's, when the bearer's user owns it). */
  signOut(request: Request, principal: Principal): void {
    if (principal.session) {
      this.sessions.revoke(principal.session.idHash);
      return;
    }
    const cookie = readCookie(request, SESSION_COOKIE);
    if (cookie === undefined) return;
    const idHash = secretDigest(cookie);
    if (this.sessions.get(idHash)?.userId === principal.userId) this.sessions.revoke(idHash);
  }

  private async withPassword(request: Request, username: string, password: string): Promise<OpenedSession> {
    const client = clientAddress(request);
    this.limits.assertMaySignIn(username, client, this.nowMs());
    const user = USERNAME_PATTERN.test(username) ? this.users.findByUsername(username) : undefined;
    if (!user) {
      // As long as a wrong password takes: a wrong name must not answer sooner.
      await this.hasher.verifyNobody(password);
      throw this.failed(username, client, 'no such user');
    }
    if (user.passwordHash === null) {
      await this.hasher.verifyNobody(password);
      this.limits.signInFailed(username, client, 'the account has no password yet', this.nowMs());
      throw new UnauthorizedException(
        `The account "${user.username}" has no password yet: ` +
          (user.builtIn
            ? 'sign in with the manager token (the address npm start prints), then choose a password (PUT /api/me/password)'
            : 'ask your teacher to reset it'),
      );
    }
    if (!(await this.hasher.verify(password, user.passwordHash))) throw this.failed(username, client, 'wrong password');
    // The state now, not before the hash: the teacher may have disabled them meanwhile.
    const current = this.users.get(user.id);
    if (!current) throw this.failed(username, client, 'the user was deleted');
    if (current.disabled) throw new UnauthorizedException(`The account "${current.username}" is disabled: ask your teacher to enable it`);
    this.limits.signedIn(username);
    return this.openSession(request, current.id, 'password');
  }

  /** A new session for the user, replacing the one of the request's cookie. */
  openSession(request: Request, userId: string, origin: SessionOrigin): OpenedSession {
    const replaced = readCookie(request, SESSION_COOKIE);
    if (replaced !== undefined) this.sessions.revoke(secretDigest(replaced));
    const { id, session } = this.sessions.open(userId, origin);
    const user = this.users.get(userId)!;
    const how = origin === 'password' || origin === 'enrolment' ? origin : `${origin} turned into a session`;
    this.logger.log(`${user.username} signed in from ${clientAddress(request)} (${how})`);
    return { id, session, user };
  }

  private failed(username: string, client: string, reason: string): UnauthorizedException {
    this.limits.signInFailed(username, client, reason, this.nowMs());
    return new UnauthorizedException(WRONG_PASSWORD);
  }

  private nowMs(): number {
    return this.clock.now().getTime();
  }
}
