import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { ADMIN_TOKEN_ACTOR, AuthenticatedBy, isApiToken, SESSION_COOKIE } from '@tinystack/contracts';
import { ADMIN_TOKEN } from '../auth/authenticator.service.js';
import type { Principal } from '../auth/principal.js';
import { readCookie } from '../auth/session-cookie.js';
import { Clock } from '../clock/clock.js';
import { SessionStore } from '../sessions/session-store.service.js';
import { DEVICE_TOKEN_PREFIX, TokenStore } from '../tokens/token-store.service.js';
import { UserDirectory } from '../users/user-directory.service.js';

/** The username that goes with MANAGER_TOKEN as the password. */
export const ADMIN_USERNAME = 'admin';

export type CredentialCheck = { principal: Principal } | { refused: string };

/**
 * Who an MQTT connection is: the username and password of its CONNECT (a
 * personal token, a device token, or MANAGER_TOKEN with "admin"), or the
 * console's session cookie on a same-origin WebSocket upgrade. The same
 * checks as the REST API's, from the same stores, against the user as they
 * are now; a refusal says why for the log, never with the password.
 */
@Injectable()
export class MqttCredentials {
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

  /** The session of a WebSocket upgrade: only with a same-origin Origin (a page of another site cannot use the cookie). */
  sessionOf(request: IncomingMessage): CredentialCheck | null {
    const id = readCookie(request as Request, SESSION_COOKIE);
    if (id === undefined || !isApiToken(id) || !sameOrigin(request)) return null;
    const lookup = this.sessions.resolve(id);
    if (!('found' in lookup)) return { refused: 'unknown or expired session cookie' };
    const { record } = lookup.found;
    const user = this.users.get(record.userId);
    if (!user || user.disabled) return { refused: `the session's user is ${user ? 'disabled' : 'deleted'}` };
    return {
      principal: {
        userId: user.id,
        username: user.username,
        role: user.role,
        authenticatedBy: AuthenticatedBy.SESSION,
        actor: record.origin === 'admin-token' ? ADMIN_TOKEN_ACTOR : user.username,
        session: { idHash: record.idHash, csrfToken: lookup.found.csrfToken, expiresAt: record.expiresAt },
        token: null,
      },
    };
  }

  check(username: string | undefined, password: Buffer | undefined): CredentialCheck {
    if (!username || !password || password.length === 0) return { refused: 'anonymous (no username or password)' };
    const presented = password.toString('utf8');
    if (!isApiToken(presented)) return { refused: 'malformed password (not a token)' };
    const digest = sha256(presented);
    if (timingSafeEqual(digest, this.adminTokenDigest)) {
      if (username !== ADMIN_USERNAME) return { refused: `MANAGER_TOKEN goes with the username "${ADMIN_USERNAME}"` };
      const admin = this.users.builtInAdmin;
      return {
        principal: {
          userId: admin.id,
          username: admin.username,
          role: admin.role,
          authenticatedBy: AuthenticatedBy.ADMIN_TOKEN,
          actor: ADMIN_TOKEN_ACTOR,
          session: null,
          token: null,
        },
      };
    }
    const token = this.tokens.findByDigest(digest.toString('hex'));
    if (!token) return { refused: presented.startsWith(DEVICE_TOKEN_PREFIX) ? 'wrong device token' : 'wrong token' };
    if (token.expiresAt && this.clock.now() >= token.expiresAt) return { refused: `token "${token.name}" expired` };
    const user = this.users.get(token.userId);
    if (!user) return { refused: 'user deleted' };
    if (user.disabled) return { refused: `user "${user.username}" is disabled` };
    if (user.username !== username) return { refused: `the token is not "${username}"'s` };
    this.tokens.touch(token);
    return {
      principal: {
        userId: user.id,
        username: user.username,
        role: user.role,
        authenticatedBy: AuthenticatedBy.TOKEN,
        actor: user.username,
        session: null,
        token: { id: token.id, expiresAt: token.expiresAt },
      },
    };
  }
}

/** Origin's host:port is the Host the request was sent to. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
