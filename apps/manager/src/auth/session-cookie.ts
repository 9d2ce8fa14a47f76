import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '@tinystack/contracts';

/** The value of one cookie of the request's Cookie header; the first when the name appears twice. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/, Secure when the request came over HTTPS (so a
 * plain-HTTP classroom LAN still works), gone with the session's absolute expiry.
 */
export function setSessionCookie(request: Request, response: Response, sessionId: string, expiresAt: Date, now: Date): void {
  response.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.secure,
    path: '/',
    maxAge: Math.max(0, expiresAt.getTime() - now.getTime()),
  });
}

export function clearSessionCookie(request: Request, response: Response): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' });
}
