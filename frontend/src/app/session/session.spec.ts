import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { Me, SignedIn } from '../api/manager-api.types';
import { aUser, anAdmin } from '../../testing/manager-fixtures';
import { Session } from './session';
import { SESSION_PROBE, type SessionProbe } from './session-probe';
import { nextPage } from './session.guards';

@Component({ template: '' })
class Blank {}

describe('Session', () => {
  /** What the probe was asked, in order. */
  let asked: string[];
  let exchangeAnswer: () => Promise<SignedIn>;
  let meAnswer: () => Promise<Me | null>;

  function session(): Session {
    const probe: SessionProbe = {
      exchange: (token) => {
        asked.push(`exchange ${token}`);
        return exchangeAnswer();
      },
      me: () => {
        asked.push('me');
        return meAnswer();
      },
    };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'sign-in', component: Blank },
          { path: 'nodes/:id', component: Blank },
        ]),
        { provide: SESSION_PROBE, useValue: probe },
      ],
    });
    return TestBed.inject(Session);
  }

  beforeEach(() => {
    asked = [];
    exchangeAnswer = () => Promise.reject(new Error('no exchange expected'));
    meAnswer = () => Promise.reject(new Error('no /api/me expected'));
  });

  afterEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('takes ?token= off the address at once, exchanges it for a session, and keeps the token nowhere', async () => {
    window.history.replaceState(null, '', '/nodes?token=abc%2B123&view=all#top');
    exchangeAnswer = async () => ({ user: anAdmin(), csrfToken: 'csrf-1' });
    const current = session();
    current.start();
    expect(`${location.pathname}${location.search}${location.hash}`).toBe('/nodes?view=all#top');
    await current.whenKnown();
    expect(asked).toEqual(['exchange abc+123']);
    expect(current.user()?.username).toBe('admin');
    expect(current.isAdmin()).toBe(true);
    expect(current.csrfToken()).toBe('csrf-1');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('abc+123');
    expect(JSON.stringify({ ...localStorage })).not.toContain('abc+123');
  });

  it("says why when the address's token is refused, and is signed out", async () => {
    window.history.replaceState(null, '', '/?token=wrong');
    exchangeAnswer = () => Promise.reject(new ApiError(401, 'The token was not accepted'));
    const current = session();
    current.start();
    await current.whenKnown();
    expect(current.user()).toBeNull();
    expect(current.notice()).toEqual({ text: 'The manager refused the token: The token was not accepted', refused: true });
  });

  it('without a token in the address, asks the manager whether the cookie holds a session (a reload)', async () => {
    window.history.replaceState(null, '', '/events?x=1');
    meAnswer = async () => ({ user: aUser(), csrfToken: 'csrf-2', authenticatedBy: 'session' });
    const current = session();
    current.start();
    await current.whenKnown();
    expect(location.search).toBe('?x=1');
    expect(asked).toEqual(['me']);
    expect(current.user()?.username).toBe('alice');
    expect(current.isAdmin()).toBe(false);
    expect(current.csrfToken()).toBe('csrf-2');
  });

  it('is signed out, without a notice, when no session holds', async () => {
    meAnswer = async () => null;
    const current = session();
    current.start();
    await current.whenKnown();
    expect(current.user()).toBeNull();
    expect(current.notice()).toBeNull();
  });

  it('on a 401: forgets the user and the CSRF token, says why, and goes to sign-in with the way back', async () => {
    const current = session();
    current.signedIn({ user: aUser(), csrfToken: 'csrf-3' });
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/nodes/n1');
    current.expire('You are signed out: the session has expired');
    expect(current.user()).toBeNull();
    expect(current.csrfToken()).toBeNull();
    expect(current.notice()).toEqual({ text: 'You are signed out: the session has expired', refused: true });
    await vi.waitFor(() => expect(router.url).toBe('/sign-in?next=%2Fnodes%2Fn1'));
  });

  it('signs out saying so without calling it an error, and forgets a one-time password it held', async () => {
    const current = session();
    current.signedIn({ user: aUser({ mustChangePassword: true }), csrfToken: 'csrf-4' });
    current.oneTimePassword.set('k7mpx3qe9dwt');
    current.signedOut();
    expect(current.user()).toBeNull();
    expect(current.oneTimePassword()).toBeNull();
    expect(current.notice()).toEqual({ text: 'Signed out.', refused: false });
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sign-in'));
  });

  it('goes on to ?next= only when it is a page of this console', () => {
    expect(nextPage('/instances')).toBe('/instances');
    expect(nextPage('//evil.example/x')).toBe('/nodes');
    expect(nextPage('https://evil.example/')).toBe('/nodes');
    expect(nextPage('/sign-in')).toBe('/nodes');
    expect(nextPage(undefined)).toBe('/nodes');
  });
});
