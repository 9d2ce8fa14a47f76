import { DOCUMENT, Injectable, inject } from '@angular/core';
import type { Client } from 'openapi-fetch';
import { Session } from '../session/session';
import { toApiError } from './api-error';
import type { paths } from './generated/manager-api';

export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The header the manager checks on every change made with the session cookie. */
export const CSRF_HEADER = 'X-CSRF-Token';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * openapi-fetch arrives in its own chunk, requested as the app starts: the
 * first paint (the sign-in page, the page frame) does not wait for it, and
 * it is there by the time a page asks for data.
 */
const openApiFetch = import('openapi-fetch');

/**
 * The one client of the manager's API, typed by the generated `paths`, shared
 * by every port implementation. Its middleware is the one place that proves
 * a change is the console's own (X-CSRF-Token on every POST, PUT, PATCH and
 * DELETE); `call` is the one place that turns a 401 into a sign-out.
 */
@Injectable({ providedIn: 'root' })
export class ManagerClient {
  private readonly session = inject(Session);
  private readonly origin = inject(DOCUMENT).location.origin;
  private readonly client: Promise<Client<paths>> = openApiFetch.then(({ default: createClient }) => {
    const client = createClient<paths>({ baseUrl: this.origin, credentials: 'same-origin' });
    client.use({
      onRequest: ({ request }) => {
        const csrfToken = this.session.csrfToken();
        if (csrfToken !== null && !READS.has(request.method)) request.headers.set(CSRF_HEADER, csrfToken);
        return request;
      },
    });
    return client;
  });

  /** The answer's data; an ApiError with the manager's status and words otherwise. A 401 signs out, saying why. */
  async call<T>(send: (client: Client<paths>) => Promise<FetchResult<T>>): Promise<T> {
    const result = await send(await this.client);
    if (!result.response.ok) {
      const error = toApiError(result.response.status, result.error);
      if (result.response.status === 401) this.session.expire(`You are signed out: ${error.message}`);
      throw error;
    }
    return result.data as T;
  }
}
