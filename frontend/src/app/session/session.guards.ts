import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { Session } from './session';

/**
 * The console's pages need a session; without one, the sign-in page, then
 * back here. A user with a one-time password chooses their own first.
 */
export const signedInRequired: CanActivateFn = async (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  await session.whenKnown();
  const user = session.user();
  if (!user) return router.createUrlTree(['/sign-in'], { queryParams: { next: state.url } });
  if (user.mustChangePassword) return router.createUrlTree(['/choose-password'], { queryParams: { next: state.url } });
  return true;
};

/** The "choose your password" page: for a signed-in user who has a one-time password. */
export const passwordToChoose: CanActivateFn = async () => {
  const session = inject(Session);
  const router = inject(Router);
  await session.whenKnown();
  const user = session.user();
  if (!user) return router.createUrlTree(['/sign-in']);
  return user.mustChangePassword ? true : router.createUrlTree(['/account']);
};

/** Pages only a teacher (admin) can use; a member is sent to the nodes. */
export const adminRequired: CanActivateFn = () => (inject(Session).isAdmin() ? true : inject(Router).createUrlTree(['/nodes']));

/** Where to go after signing in: ?next= when it is a page of this console, else the nodes. */
export function nextPage(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/nodes';
}
