import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { vi } from 'vitest';
import { AccountsApi } from '../api/accounts-api';
import { ApiError } from '../api/api-error';
import { aUser, anAdmin } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { StrictAccountsApi } from '../../testing/strict-accounts-api';
import { Session } from './session';
import { SESSION_PROBE } from './session-probe';
import { SignIn } from './sign-in';

@Component({ template: '' })
class Blank {}

describe('SignIn', () => {
  let accounts: StrictAccountsApi;
  let signIn: ReturnType<typeof vi.fn<AccountsApi['signIn']>>;
  let exchanged: string[];
  let fixture: ComponentFixture<SignIn>;
  let element: HTMLElement;

  beforeEach(async () => {
    signIn = vi.fn<AccountsApi['signIn']>();
    exchanged = [];
    accounts = new StrictAccountsApi({ signIn });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        { provide: AccountsApi, useValue: accounts.api },
        {
          provide: SESSION_PROBE,
          useValue: {
            exchange: async (token: string) => {
              exchanged.push(token);
              if (token !== 'right-token') throw new ApiError(401, 'The token was not accepted');
              return { user: anAdmin(), csrfToken: 'csrf' };
            },
            me: async () => null,
          },
        },
      ],
    });
    fixture = TestBed.createComponent(SignIn);
    fixture.componentRef.setInput('next', '/instances');
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => accounts.verify());

  const type = (selector: string, value: string) => {
    const field = element.querySelector<HTMLInputElement>(selector)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };
  const submit = async (testId: string) => {
    element.querySelector<HTMLFormElement>(`[data-testid="${testId}"]`)!.requestSubmit();
    await settle(fixture);
  };

  it('asks for both fields before calling the manager', async () => {
    await submit('password-sign-in');
    expect(element.querySelector('#sign-in-error')!.textContent).toBe('Enter your username and your password.');
    expect(signIn).not.toHaveBeenCalled();
  });

  it("signs in and goes on to ?next=; a refusal shows the manager's words", async () => {
    signIn.mockRejectedValueOnce(new ApiError(401, 'Wrong username or password'));
    type('#username', ' alice ');
    type('#password', 'wrong');
    await submit('password-sign-in');
    expect(element.querySelector('#sign-in-error')!.textContent).toBe('Wrong username or password');
    expect(element.querySelector('#password')!.getAttribute('aria-describedby')).toBe('password-hint sign-in-error');

    signIn.mockResolvedValueOnce({ user: aUser(), csrfToken: 'csrf-1' });
    type('#password', 'correct horse');
    await submit('password-sign-in');
    expect(signIn).toHaveBeenLastCalledWith('alice', 'correct horse');
    expect(TestBed.inject(Session).csrfToken()).toBe('csrf-1');
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/instances'));
  });

  it('sends a user with a one-time password to choose their own, keeping it in memory for that page only', async () => {
    signIn.mockResolvedValueOnce({ user: aUser({ mustChangePassword: true }), csrfToken: 'csrf-2' });
    type('#username', 'alice');
    type('#password', 'k7mpx3qe9dwt');
    await submit('password-sign-in');
    expect(TestBed.inject(Session).oneTimePassword()).toBe('k7mpx3qe9dwt');
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/choose-password?next=%2Finstances'));
  });

  it('signs the teacher in with the manager token, or says why it was refused', async () => {
    await submit('token-sign-in');
    expect(element.querySelector('#token-error')!.textContent).toBe('Enter the manager token.');
    type('#token', 'wrong-token');
    await submit('token-sign-in');
    expect(element.querySelector('[data-testid="sign-in-notice"]')!.textContent!.trim()).toBe(
      'The manager refused the token: The token was not accepted',
    );
    type('#token', 'right-token');
    await submit('token-sign-in');
    expect(exchanged).toEqual(['wrong-token', 'right-token']);
    expect(TestBed.inject(Session).isAdmin()).toBe(true);
    await vi.waitFor(() => expect(TestBed.inject(Router).url).toBe('/instances'));
  });
});
