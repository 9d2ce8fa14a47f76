import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { vi } from 'vitest';
import { END_COOKIE_SESSION, Session } from './session';
import { SESSION_STORAGE } from './session-storage';

@Component({ template: '' })
class Blank {}

/** sessionStorage as a test sees it: a plain map. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('Session', () => {
  let storage: MemoryStorage;
  /** Tokens whose session cookie was ended. */
  let closed: string[];

  function session(): Session {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'sign-in', component: Blank },
          { path: 'nodes/:id', component: Blank },
        ]),
        { provide: SESSION_STORAGE, useValue: storage },
        { provide: END_COOKIE_SESSION, useValue: async (token: string) => void closed.push(token) },
      ],
    });
    return TestBed.inject(Session);
  }

  beforeEach(() => {
    storage = new MemoryStorage();
    closed = [];
  });

  afterEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('takes ?token= from the address once, keeps it for the tab, and removes it from the address bar', () => {
    const view = window;
    view.history.replaceState(null, '', '/nodes?token=abc%2B123&view=all#top');
    const current = session();
    current.adoptTokenFromAddress();
    expect(current.token()).toBe('abc+123');
    expect(storage.getItem('tinystack.managerToken')).toBe('abc+123');
    expect(`${view.location.pathname}${view.location.search}${view.location.hash}`).toBe('/nodes?view=all#top');
  });

  it('leaves the address alone when it carries no token', () => {
    const view = window;
    view.history.replaceState(null, '', '/events?x=1');
    const current = session();
    current.adoptTokenFromAddress();
    expect(current.token()).toBeNull();
    expect(view.location.search).toBe('?x=1');
  });

  it('starts with the token kept earlier in this tab', () => {
    storage.setItem('tinystack.managerToken', 'kept');
    expect(session().token()).toBe('kept');
  });

  it('forgets a refused token, says why, and goes to the prompt with the way back', async () => {
    const current = session();
    current.signIn('old');
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/nodes/n1');
    current.expire('The manager refused the token: The token was not accepted');
    expect(current.token()).toBeNull();
    expect(storage.getItem('tinystack.managerToken')).toBeNull();
    expect(current.notice()).toEqual({ text: 'The manager refused the token: The token was not accepted', refused: true });
    await vi.waitFor(() => expect(router.url).toBe('/sign-in?next=%2Fnodes%2Fn1'));
  });

  it('signs out on request, saying so without calling it an error', async () => {
    const current = session();
    current.signIn('mine');
    current.signOut();
    expect(closed).toEqual(['mine']);
    expect(current.token()).toBeNull();
    expect(storage.getItem('tinystack.managerToken')).toBeNull();
    expect(current.notice()).toEqual({ text: 'Signed out.', refused: false });
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/sign-in'));
  });
});
