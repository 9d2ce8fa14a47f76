import { DOCUMENT, InjectionToken, inject } from '@angular/core';
import { toApiError } from '../api/api-error';
import type { paths } from '../api/generated/manager-api';
import type { Me, SignedIn } from '../api/manager-api.types';

/** Checked against the generated document, so that a renamed route fails the build. */
const SESSION_PATH = '/api/session' satisfies keyof paths;
const ME_PATH = '/api/me' satisfies keyof paths;

/**
 * The two calls the console makes before any page, kept off the generated
 * client so that the first download stays small; neither changes anything
 * made with the cookie, so neither needs the CSRF proof.
 */
export interface SessionProbe {
  /** POST /api/session with "Authorization: Bearer <token>" and no body: the token's user, as a session cookie. */
  exchange(token: string): Promise<SignedIn>;
  /** GET /api/me with the cookie; null when no session holds (401). */
  me(): Promise<Me | null>;
}

export const SESSION_PROBE = new InjectionToken<SessionProbe>('SESSION_PROBE', {
  providedIn: 'root',
  factory: () => {
    const view = inject(DOCUMENT).defaultView!;
    const answer = async <T>(response: Response): Promise<T> => {
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw toApiError(response.status, body);
      return body as T;
    };
    return {
      exchange: async (token) =>
        answer<SignedIn>(
          await view.fetch(SESSION_PATH, { method: 'POST', headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' }),
        ),
      me: async () => {
        const response = await view.fetch(ME_PATH, { credentials: 'same-origin' });
        return response.status === 401 ? null : answer<Me>(response);
      },
    };
  },
});
