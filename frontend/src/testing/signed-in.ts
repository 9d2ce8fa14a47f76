import { TestBed } from '@angular/core/testing';
import type { User } from '../app/api/manager-api.types';
import { Session } from '../app/session/session';

/** The console's session as after a sign-in of `user` (call after configureTestingModule). */
export function signInAs(user: User): void {
  TestBed.inject(Session).signedIn({ user, csrfToken: 'test-csrf-token' });
}
