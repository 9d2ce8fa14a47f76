import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { Session } from './session';

/** Pages of the console need a token; without one, the prompt, then back here. */
export const tokenRequired: CanActivateFn = (_route, state) => {
  if (inject(Session).token()) return true;
  return inject(Router).createUrlTree(['/sign-in'], { queryParams: { next: state.url } });
};
