import { DOCUMENT, Injectable, inject } from '@angular/core';
import type { paths } from '../api/generated/manager-api';

/** Checked against the generated document, so that a renamed route fails the build. */
const SESSION_PATH = '/api/session' satisfies keyof paths;

function sessionRequest(method: 'POST' | 'DELETE', token: string): RequestInit {
  return { method, headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' };
}

/** DELETE /api/session: the cookie's session ends (nothing to do when the manager cannot be reached). */
export async function endCookieSession(view: Window, token: string): Promise<void> {
  await view.fetch(SESSION_PATH, sessionRequest('DELETE', token)).catch(() => undefined);
}

/**
 * The manager's session cookie, made from the tab's manager token: the event
 * stream needs it, because EventSource sends cookies but no headers. Opening
 * one replaces the session the browser had; signing out ends it
 * (END_COOKIE_SESSION).
 */
@Injectable({ providedIn: 'root' })
export class CookieSession {
  private readonly view = inject(DOCUMENT).defaultView!;

  /** POST /api/session with the token: the answer sets the cookie. Fails with the manager's status. */
  async open(token: string): Promise<void> {
    const response = await this.view.fetch(SESSION_PATH, sessionRequest('POST', token));
    if (!response.ok) throw new Error(`${SESSION_PATH} answered ${response.status}`);
  }
}
