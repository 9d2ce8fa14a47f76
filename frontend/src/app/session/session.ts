import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { describeFailure } from '../api/api-error';
import type { Me, SignedIn, User } from '../api/manager-api.types';
import { SESSION_PROBE } from './session-probe';

export interface SessionNotice {
  text: string;
  /** Something went wrong (shown as an error), rather than a sign-out. */
  refused: boolean;
}

const TOKEN_PARAMETER = 'token';

/**
 * Who uses this console: the user of the manager's session cookie (HttpOnly,
 * so the page never holds the session itself) and the session's CSRF token,
 * which every change sends (ManagerClient). Found out once at start-up (GET
 * /api/me), set by a sign-in or an enrolment, and dropped with a message when
 * the manager answers 401. The address `npm start` prints carries the manager
 * token once (?token=): it is taken off the address bar at once and exchanged
 * for a session, and kept nowhere.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly probe = inject(SESSION_PROBE);

  readonly user = signal<User | null>(null);
  readonly csrfToken = signal<string | null>(null);
  readonly isAdmin = computed(() => this.user()?.role === 'admin');
  /** Why the sign-in page is showing: the manager refused, or the person signed out. */
  readonly notice = signal<SessionNotice | null>(null);
  /** The one-time password just used to sign in, so the "choose your password" page need not ask for it again. */
  readonly oneTimePassword = signal<string | null>(null);

  private known: Promise<void> = Promise.resolve();

  /**
   * At start-up, before the router reads the address: takes ?token= off it
   * and begins finding out who is signed in (`whenKnown`).
   */
  start(): void {
    const token = this.takeTokenFromAddress();
    this.known = token ? this.exchangeToken(token).then(() => undefined) : this.resume();
  }

  /** Settles once start-up knows whether a session holds (the guards wait for it). */
  whenKnown(): Promise<void> {
    return this.known;
  }

  /** The teacher's way in: MANAGER_TOKEN (or a personal token) becomes a session. False, with the notice set, when refused. */
  async exchangeToken(token: string): Promise<boolean> {
    try {
      this.signedIn(await this.probe.exchange(token));
      return true;
    } catch (error) {
      this.forget({ text: `The manager refused the token: ${describeFailure(error)}`, refused: true });
      return false;
    }
  }

  /** A sign-in, an enrolment or a token exchange answered: this is the session now. */
  signedIn(answer: SignedIn | Me): void {
    this.notice.set(null);
    this.user.set(answer.user);
    if (answer.csrfToken !== null) this.csrfToken.set(answer.csrfToken);
  }

  /** The user changed (a new password, say). */
  updateUser(user: User): void {
    this.user.set(user);
  }

  /** The session was ended here: back to the sign-in page, saying so without calling it an error. */
  signedOut(): void {
    this.forget({ text: 'Signed out.', refused: false });
    void this.router.navigate(['/sign-in']);
  }

  /** The manager answered 401: back to the sign-in page, returning to the same page after sign-in. */
  expire(reason: string): void {
    if (this.user() === null) return;
    this.forget({ text: reason, refused: true });
    const url = this.router.url;
    const next = url.startsWith('/sign-in') || url.startsWith('/choose-password') ? undefined : url;
    void this.router.navigate(['/sign-in'], { queryParams: next ? { next } : {} });
  }

  private async resume(): Promise<void> {
    try {
      const me = await this.probe.me();
      if (me) this.signedIn(me);
    } catch (error) {
      this.notice.set({ text: `Could not ask the manager who is signed in: ${describeFailure(error)}`, refused: true });
    }
  }

  /** Removes ?token= from the address bar (and so from the history) before anything else reads it. */
  private takeTokenFromAddress(): string | null {
    const view = this.document.defaultView;
    if (!view) return null;
    const address = new URL(view.location.href);
    const token = address.searchParams.get(TOKEN_PARAMETER);
    if (token === null) return null;
    address.searchParams.delete(TOKEN_PARAMETER);
    view.history.replaceState(view.history.state, '', `${address.pathname}${address.search}${address.hash}`);
    return token.trim() || null;
  }

  private forget(notice: SessionNotice): void {
    this.user.set(null);
    this.csrfToken.set(null);
    this.oneTimePassword.set(null);
    this.notice.set(notice);
  }
}
