import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ADMIN_TOKEN_ACTOR, API_TOKEN_RULE, AuthenticatedBy, CSRF_HEADER, isApiToken, SESSION_COOKIE } from '@tinystack/contracts';
import { bearerToken, RefusalLog } from '@tinystack/api-kit';
import { Clock } from '../clock/clock.js';
import { SessionStore } from '../sessions/session-store.service.js';
import { TokenStore } from '../tokens/token-store.service.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import type { Principal } from './principal.js';
import { readCookie } from './session-cookie.js';

/** The MANAGER_TOKEN, provided by the app: it acts as the built-in admin. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Methods that change something: with the session cookie they need the CSRF token. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const SIGN_IN_NEEDED =
  'This API needs you to sign in: send "Authorization: Bearer <token>" (MANAGER_TOKEN or a personal token), ' +
  'or sign in with POST /api/session for a session cookie';

/**
 * Resolves who a request comes from: "Authorization: Bearer" with
 * MANAGER_TOKEN or a personal token, else the session cookie (whose
 * state-changing requests must carry the CSRF token). Every check costs one
 * SHA-256 and map look-ups; the user's current state is read from memory, so
 * a disabled user is refused at once. Refusals are logged with the route, the
 * client address and the reason, never with the credential.
 */
@Injectable()
export class Authenticator {
  private readonly refusals = new RefusalLog();
  private readonly adminTokenDigest: Buffer;

  constructor(
    @Inject(ADMIN_TOKEN) adminToken: string,
    private readonly users: UserDirectory,
    private readonly sessions: SessionStore,
    private readonly tokens: TokenStore,
    private readonly clock: Clock,
  ) {
    this.adminTokenDigest = sha256(adminToken);
  }

  authenticate(request: Request): Principal {
    return this.bearer(request) ?? this.fromCookie(request);
  }

  /** The principal of the Authorization header; null when the request has none. A header that does not pass is a 401. */
  bearer(request: Request): Principal | null {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const presented = bearerToken(header);
    if (presented === undefined) {
      throw this.refuse(request, 'the Authorization header is not "Bearer <token>"', 'Send the header as "Authorization: Bearer <token>"');
    }
    // Checked before anything else looks at it; neither the answer nor the log line shows it.
    if (!isApiToken(presented)) throw this.refuse(request, 'malformed token', `The token is malformed: a token is ${API_TOKEN_RULE}`);
    const digest = sha256(presented);
    if (timingSafeEqual(digest, this.adminTokenDigest)) {
      const admin = this.users.builtInAdmin;
      return { ...identity(admin), authenticatedBy: AuthenticatedBy.ADMIN_TOKEN, actor: ADMIN_TOKEN_ACTOR, session: null, token: null };
    }
    const token = this.tokens.findByDigest(digest.toString('hex'));
    if (!token) throw this.refuse(request, 'wrong token', 'The token was not accepted');
    if (token.kind === 'device') {
      throw this.refuse(request, 'device token', `"${token.name}" is a device token: it works for MQTT only; the API needs a personal token (POST /api/tokens)`);
    }
    if (token.expiresAt && this.clock.now() >= token.expiresAt) {
      throw this.refuse(
        request,
        'expired token',
        `This personal token ("${token.name}") expired on ${token.expiresAt.toISOString()}: create a new one (POST /api/tokens)`,
      );
    }
    const user = this.activeUser(request, token.userId);
    this.tokens.touch(token);
    return {
      ...identity(user),
      authenticatedBy: AuthenticatedBy.TOKEN,
      actor: user.username,
      session: null,
      token: { id: token.id, expiresAt: token.expiresAt },
    };
  }

  private fromCookie(request: Request): Principal {
    const id = readCookie(request, SESSION_COOKIE);
    if (id === undefined) throw this.refuse(request, 'no token or session', SIGN_IN_NEEDED);
    if (!isApiToken(id)) throw this.refuse(request, 'malformed session cookie', 'The session cookie is malformed: sign in again');
    const lookup = this.sessions.resolve(id);
    if ('unknown' in lookup) {
      throw this.refuse(request, 'unknown session', 'This session is no longer valid (signed out, or ended by the teacher): sign in again');
    }
    if ('expired' in lookup) {
      throw this.refuse(
        request,
        `session expired (${lookup.expired})`,
        lookup.expired === 'idle'
          ? `Your session ended after ${Math.round(this.sessions.idleMs / 60_000)} minutes without use: sign in again`
          : `Your session ended ${Math.round(this.sessions.maxMs / 3_600_000)} hours after you signed in: sign in again`,
      );
    }
    const { record, csrfToken } = lookup.found;
    const user = this.activeUser(request, record.userId);
    if (STATE_CHANGING.has(request.method.toUpperCase())) {
      const presented = request.headers[CSRF_HEADER.toLowerCase()];
      if (!(typeof presented === 'string' && this.sessions.csrfMatches(csrfToken, presented))) {
        this.refusals.refused(request, 'missing or wrong CSRF token');
        throw new ForbiddenException(
          `missing or wrong CSRF token: a ${request.method} made with the session cookie must send the header ` +
            `"${CSRF_HEADER}" with the csrfToken of the sign-in (also in GET /api/me)`,
        );
      }
    }
    return {
      ...identity(user),
      authenticatedBy: AuthenticatedBy.SESSION,
      actor: record.origin === 'admin-token' ? ADMIN_TOKEN_ACTOR : user.username,
      session: { idHash: record.idHash, csrfToken, expiresAt: record.expiresAt },
      token: null,
    };
  }

  /** The principal's user as they are now (the guard checked that they exist). */
  userOf(principal: Principal): UserRecord {
    const user = this.users.get(principal.userId);
    if (!user) throw new UnauthorizedException('This account no longer exists');
    return user;
  }

  /** The user as they are now: gone or disabled is a 401 at once. */
  private activeUser(request: Request, userId: string): UserRecord {
    const user = this.users.get(userId);
    if (!user) throw this.refuse(request, 'user deleted', 'This account no longer exists');
    if (user.disabled) {
      throw this.refuse(request, `user "${user.username}" is disabled`, `The account "${user.username}" is disabled: ask your teacher to enable it`);
    }
    return user;
  }

  private refuse(request: Request, reason: string, message: string): UnauthorizedException {
    this.refusals.refused(request, reason);
    return new UnauthorizedException(message);
  }
}

function identity(user: UserRecord): Pick<Principal, 'userId' | 'username' | 'role'> {
  return { userId: user.id, username: user.username, role: user.role };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
