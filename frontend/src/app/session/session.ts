import { DOCUMENT, Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { endCookieSession } from './cookie-session';
import { SESSION_STORAGE } from './session-storage';

/** Ends the manager's session cookie made from a token (DELETE /api/session), so that signing out leaves no session behind. */
export const END_COOKIE_SESSION = new InjectionToken<(token: string) => Promise<void>>('END_COOKIE_SESSION', {
  providedIn: 'root',
  factory: () => {
    const view = inject(DOCUMENT).defaultView!;
    return (token: string) => endCookieSession(view, token);
  },
});

const TOKEN_KEY = 'tinystack.managerToken';

export interface SessionNotice {
  text: string;
  /** The manager refused the token (shown as an error), rather than a sign-out. */
  refused: boolean;
}
const TOKEN_PARAMETER = 'token';

/**
 * The manager token of this browser tab: typed at the prompt or taken once
 * from ?token= (the address `npm start` prints), kept in sessionStorage until
 * sign-out, and dropped with a message when the manager refuses it.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly storage = inject(SESSION_STORAGE);
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly endCookieSession = inject(END_COOKIE_SESSION);

  readonly token = signal<string | null>(this.storage.getItem(TOKEN_KEY));
  /** Why the prompt is showing: the manager refused the token, or the person signed out. */
  readonly notice = signal<SessionNotice | null>(null);

  signIn(token: string): void {
    this.storage.setItem(TOKEN_KEY, token);
    this.notice.set(null);
    this.token.set(token);
  }

  signOut(): void {
    const token = this.token();
    if (token !== null) void this.endCookieSession(token);
    this.forget({ text: 'Signed out.', refused: false });
    void this.router.navigate(['/sign-in']);
  }

  /** The manager answered 401: back to the prompt, returning to the same page after sign-in. */
  expire(reason: string): void {
    if (this.token() === null) return;
    this.forget({ text: reason, refused: true });
    const next = this.router.url.startsWith('/sign-in') ? undefined : this.router.url;
    void this.router.navigate(['/sign-in'], { queryParams: next ? { next } : {} });
  }

  /**
   * Takes ?token= from the address once and removes it from the address bar
   * (and so from the history), before the router reads the address.
   */
  adoptTokenFromAddress(): void {
    const view = this.document.defaultView;
    if (!view) return;
    const address = new URL(view.location.href);
    const token = address.searchParams.get(TOKEN_PARAMETER);
    if (token === null) return;
    address.searchParams.delete(TOKEN_PARAMETER);
    view.history.replaceState(view.history.state, '', `${address.pathname}${address.search}${address.hash}`);
    if (token.trim()) this.signIn(token.trim());
  }

  private forget(notice: SessionNotice): void {
    this.storage.removeItem(TOKEN_KEY);
    this.token.set(null);
    this.notice.set(notice);
  }
}
