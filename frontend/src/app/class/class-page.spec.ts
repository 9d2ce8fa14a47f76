import '../../testing/dialog-polyfill';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { AccountsApi } from '../api/accounts-api';
import { ApiError } from '../api/api-error';
import type { DeletedUserInstances } from '../api/manager-api.types';
import { LiveEvents } from '../live/live-events';
import { danglingAriaReferences } from '../../testing/aria-references';
import { FakeLiveEvents } from '../../testing/fake-live-events';
import { aUser, anAdmin } from '../../testing/manager-fixtures';
import { settle } from '../../testing/settle';
import { signInAs } from '../../testing/signed-in';
import { StrictAccountsApi } from '../../testing/strict-accounts-api';
import { ClassPage } from './class-page';

const BOB = aUser({ id: 'u-bob', username: 'bob', usage: { instances: 2, running: 1, memoryMiB: 0 } });
const DEFAULTS = { instances: 5, running: 3, memoryMiB: null, memoryEnforced: false, memoryNote: 'Not enforced: no memory limits yet' };

describe('ClassPage', () => {
  let accounts: StrictAccountsApi;
  let fixture: ComponentFixture<ClassPage>;
  let element: HTMLElement;
  let deleteUser: ReturnType<typeof vi.fn<(id: string, instances: DeletedUserInstances) => Promise<{ operations: []; reassigned: [] }>>>;
  let createUsers: ReturnType<typeof vi.fn<AccountsApi['createUsers']>>;

  beforeEach(async () => {
    deleteUser = vi.fn(async () => ({ operations: [], reassigned: [] }));
    createUsers = vi.fn<AccountsApi['createUsers']>();
    accounts = new StrictAccountsApi({
      listUsers: async () => [anAdmin(), BOB],
      quotaDefaults: async () => DEFAULTS,
      classCode: async () => ({ open: true, code: 'k7mp3qe9', expiresAt: '2025-01-01T11:00:00.000Z' }),
      createUsers,
      deleteUser,
    });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AccountsApi, useValue: accounts.api },
        { provide: LiveEvents, useValue: new FakeLiveEvents().asLiveEvents() },
      ],
    });
    signInAs(anAdmin());
    fixture = TestBed.createComponent(ClassPage);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  afterEach(() => accounts.verify());

  const row = (username: string) => element.querySelector<HTMLElement>(`tr[data-user="${username}"]`)!;
  const cell = (username: string, testId: string) => row(username).querySelector(`[data-testid="${testId}"]`)!.textContent!.trim();
  const type = (selector: string, value: string) => {
    const field = element.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };

  it('lists every user with role, state, what they use against their quota; admins have no quota', () => {
    expect(cell('bob', 'user-instances')).toBe('2 / 5');
    expect(cell('bob', 'user-running')).toBe('1 / 3');
    expect(cell('bob', 'user-state')).toBe('active');
    expect(cell('admin', 'user-instances')).toBe('1');
    expect(row('admin').querySelector('[data-testid="delete-user"]')).toBeNull();
    expect(row('admin').querySelector('[data-testid="toggle-disabled"]')).toBeNull();
    expect(element.querySelector('[data-testid="class-code"]')!.textContent!.trim()).toBe('k7mp3qe9');
    expect(danglingAriaReferences(element)).toEqual([]);
  });

  it('adds a pasted list as one batch and shows the one-time passwords once, in a table to print', async () => {
    createUsers.mockResolvedValue([
      { id: 'u-ann', username: 'ann', role: 'member', oneTimePassword: 'abcdefghjkmn' },
      { id: 'u-cara', username: 'cara', role: 'member', oneTimePassword: 'pqrstuvwxyz2' },
    ]);
    type('#new-usernames', 'Ann\ncara\n');
    await settle(fixture);
    const add = element.querySelector<HTMLButtonElement>('[data-testid="add-users"]')!;
    expect(add.textContent!.trim()).toBe('Add 2 users');
    add.click();
    await settle(fixture);
    expect(createUsers).toHaveBeenCalledWith(['ann', 'cara'], 'member');
    const sheet = element.querySelector('[data-testid="one-time-passwords"]')!;
    expect(sheet.classList).toContain('print-sheet');
    expect([...sheet.querySelectorAll('[data-testid="one-time-password"]')].map((cell) => cell.textContent!.trim())).toEqual([
      'abcdefghjkmn',
      'pqrstuvwxyz2',
    ]);
    element.querySelector<HTMLButtonElement>('[data-testid="done-handing-out"]')!.click();
    await settle(fixture);
    expect(element.querySelector('[data-testid="one-time-passwords"]')).toBeNull();
  });

  it("shows a refused batch's reason (a taken name) and creates nobody", async () => {
    createUsers.mockRejectedValue(new ApiError(409, 'The username "bob" is taken: nobody was created'));
    type('#new-usernames', 'ann bob');
    await settle(fixture);
    element.querySelector<HTMLButtonElement>('[data-testid="add-users"]')!.click();
    await settle(fixture);
    expect(element.querySelector('[data-testid="add-error"]')!.textContent).toContain('"bob" is taken');
    expect(element.querySelector('#new-usernames')!.getAttribute('aria-describedby')).toBe('new-usernames-hint add-error');
    expect(element.querySelector('[data-testid="one-time-passwords"]')).toBeNull();
  });

  it('deletes a user only once the teacher chose what becomes of their instances', async () => {
    row('bob').querySelector<HTMLButtonElement>('[data-testid="delete-user"]')!.click();
    await settle(fixture);
    const dialog = element.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    dialog.querySelector<HTMLButtonElement>('[data-testid="confirm-delete-user"]')!.click();
    await settle(fixture);
    expect(deleteUser).not.toHaveBeenCalled();
    expect(dialog.querySelector('#delete-choice-error')!.textContent).toBe('Choose what becomes of their instances.');
    const deleteThem = dialog.querySelector<HTMLInputElement>('input[value="delete"]')!;
    deleteThem.checked = true;
    deleteThem.dispatchEvent(new Event('change'));
    dialog.querySelector<HTMLButtonElement>('[data-testid="confirm-delete-user"]')!.click();
    await settle(fixture);
    expect(deleteUser).toHaveBeenCalledWith('u-bob', 'delete');
    expect(row('bob')).toBeNull();
    expect(element.querySelector('[data-testid="class-announcement"]')!.textContent).toContain('Deleted "bob".');
  });
});
