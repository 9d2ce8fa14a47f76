import { CSRF_HEADER, SESSION_COOKIE } from '@tinystack/contracts';
import { httpCall, type Answer } from './http-call.js';
import type { ManagerApi } from './operations.js';

/** How a test calls the manager with a bearer token (MANAGER_TOKEN or a personal token). */
export function bearerApi(baseUrl: string, token: string): ManagerApi {
  return (method, path, body) => httpCall(baseUrl, method, path, { body, token });
}

/**
 * A browser tab of the manager's console: it keeps the session cookie the
 * manager sets and sends it back, and sends the CSRF token of its sign-in with
 * every change (unless told not to), as the console does.
 */
export class CookieClient {
  /** The session id the cookie holds; null when signed out. */
  sessionId: string | null = null;
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  /** POST /api/session with a username and password. */
  signIn(username: string, password: string): Promise<Answer> {
    return this.opening('POST', '/api/session', { body: { username, password } });
  }

  /** POST /api/session with no body and "Authorization: Bearer": the token's user, as a session. */
  exchange(token: string): Promise<Answer> {
    return this.opening('POST', '/api/session', { token });
  }

  /** POST /api/enrol with the class code: a new member, signed in. */
  enrol(code: string, username: string, password: string): Promise<Answer> {
    return this.opening('POST', '/api/enrol', { body: { code, username, password } });
  }

  /** A request with the cookie; `csrf` false (or a wrong value) leaves out (or replaces) the CSRF header. */
  async call(method: string, path: string, body?: unknown, options: { csrf?: boolean | string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.sessionId !== null) headers['cookie'] = `${SESSION_COOKIE}=${this.sessionId}`;
    const csrf = options.csrf ?? true;
    if (csrf !== false && method !== 'GET') {
      const value = typeof csrf === 'string' ? csrf : this.csrfToken;
      if (value !== null) headers[CSRF_HEADER] = value;
    }
    const answer = await httpCall(this.baseUrl, method, path, { body, token: null, headers });
    this.keepCookie(answer);
    return answer;
  }

  /** This tab as a ManagerApi, for the operation helpers. */
  readonly api: ManagerApi = (method, path, body) => this.call(method, path, body);

  private async opening(method: string, path: string, options: { body?: unknown; token?: string }): Promise<Answer> {
    const headers: Record<string, string> = this.sessionId === null ? {} : { cookie: `${SESSION_COOKIE}=${this.sessionId}` };
    const answer = await httpCall(this.baseUrl, method, path, { body: options.body, token: options.token ?? null, headers });
    this.keepCookie(answer);
    if (answer.status === 200 || answer.status === 201) this.csrfToken = answer.body.csrfToken;
    return answer;
  }

  private keepCookie(answer: Answer): void {
    for (const line of answer.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair!.indexOf('=');
      if (pair!.slice(0, separator).trim() !== SESSION_COOKIE) continue;
      const value = pair!.slice(separator + 1).trim();
      const cleared = value === '' || /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(line);
      this.sessionId = cleared ? null : value;
      if (cleared) this.csrfToken = null;
    }
  }
}

/** The Set-Cookie line of the session cookie in an answer (for its attributes). */
export function sessionCookieLine(answer: Answer): string | undefined {
  return answer.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
}
