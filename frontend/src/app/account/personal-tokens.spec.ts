import '../../testing/dialog-polyfill';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { vi } from 'vitest';
import { AccountsApi } from '../api/accounts-api';
import type { PersonalToken } from '../api/manager-api.types';
import { settle } from '../../testing/settle';
import { StrictAccountsApi } from '../../testing/strict-accounts-api';
import { PersonalTokens } from './personal-tokens';

const CLI: PersonalToken = { id: 't-cli', name: 'cli on lab-pc-3', createdAt: '2025-01-01T09:00:00.000Z', expiresAt: null, lastUsedAt: null };

describe('PersonalTokens', () => {
  let accounts: StrictAccountsApi;
  let createToken: ReturnType<typeof vi.fn<AccountsApi['createToken']>>;
  let revokeToken: ReturnType<typeof vi.fn<AccountsApi['revokeToken']>>;
  let fixture: ComponentFixture<PersonalTokens>;
  let element: HTMLElement;

  beforeEach(async () => {
    createToken = vi.fn<AccountsApi['createToken']>();
    revokeToken = vi.fn(async () => undefined);
    accounts = new StrictAccountsApi({ listTokens: async () => [CLI], createToken, revokeToken });
    TestBed.configureTestingModule({ providers: [{ provide: AccountsApi, useValue: accounts.api }] });
    fixture = TestBed.createComponent(PersonalTokens);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => accounts.verify());

  const type = (selector: string, value: string) => {
    const field = element.querySelector<HTMLInputElement>(selector)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };
  const names = () => [...element.querySelectorAll('[data-testid="token-row"]')].map((row) => row.getAttribute('data-token'));

  it('creates a token with an expiry and shows its secret once, until dismissed', async () => {
    createToken.mockResolvedValue({ ...CLI, id: 't-ci', name: 'ci', expiresAt: '2025-01-31T09:00:00.000Z', token: 'ts_secret' });
    type('#token-name', ' ci ');
    type('#token-days', '30');
    element.querySelector<HTMLFormElement>('[data-testid="create-token-form"]')!.requestSubmit();
    await settle(fixture);
    expect(createToken).toHaveBeenCalledWith({ name: 'ci', expiresInDays: 30 });
    expect(element.querySelector('[data-testid="created-token-secret"]')!.textContent).toBe('ts_secret');
    expect(names()).toEqual(['cli on lab-pc-3', 'ci']);
    element.querySelector<HTMLButtonElement>('[data-testid="created-token"] button')!.click();
    await settle(fixture);
    expect(element.textContent).not.toContain('ts_secret');
  });

  it('refuses a number of days that is not one, before asking the manager', async () => {
    type('#token-name', 'ci');
    type('#token-days', 'soon');
    element.querySelector<HTMLFormElement>('[data-testid="create-token-form"]')!.requestSubmit();
    await settle(fixture);
    expect(element.querySelector('#token-days-error')!.textContent).toContain('a whole number');
    expect(createToken).not.toHaveBeenCalled();
  });

  it('revokes a token after asking, and removes it from the list', async () => {
    element.querySelector<HTMLButtonElement>('[data-testid="revoke-token"]')!.click();
    await settle(fixture);
    element.querySelector<HTMLButtonElement>('[data-testid="confirm-revoke"]')!.click();
    await settle(fixture);
    expect(revokeToken).toHaveBeenCalledWith('t-cli');
    expect(names()).toEqual([]);
    expect(element.querySelector('[data-testid="tokens-announcement"]')!.textContent).toContain('Revoked "cli on lab-pc-3"');
  });
});
