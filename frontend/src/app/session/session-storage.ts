import { DOCUMENT, InjectionToken, inject } from '@angular/core';

/** Where the token is kept: the tab's sessionStorage, gone when the tab closes. */
export const SESSION_STORAGE = new InjectionToken<Storage>('SESSION_STORAGE', {
  providedIn: 'root',
  factory: () => inject(DOCUMENT).defaultView!.sessionStorage,
});
