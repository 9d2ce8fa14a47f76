import { Injectable, inject, signal } from '@angular/core';
import { AccountsApi } from '../api/accounts-api';
import { describeFailure } from '../api/api-error';
import type {
  ClassCodeStatus,
  CreatedUser,
  DeletedUser,
  DeletedUserInstances,
  QuotaChange,
  QuotaDefaults,
  User,
  UserRole,
} from '../api/manager-api.types';
import { followLiveEvents } from '../live/follow-live-events';

const byName = (a: User, b: User) => a.username.localeCompare(b.username);

/** Names typed or pasted one per line (commas and spaces separate too), in order, each once. */
export function usernamesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((name) => name.trim().toLowerCase()).filter(Boolean))];
}

/**
 * The teacher's class: every user with quota and usage, the quota defaults
 * and the class code. Loaded when the Class page opens; what each user uses
 * is read again when instances change (live events), one read at a time.
 * One-time passwords pass through `handedOut` and are kept nowhere else.
 */
@Injectable()
export class ClassStore {
  private readonly accounts = inject(AccountsApi);
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;

  readonly users = signal<User[]>([]);
  readonly defaults = signal<QuotaDefaults | null>(null);
  readonly classCode = signal<ClassCodeStatus | null>(null);
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);
  /** One-time passwords just made (created users, resets): shown once, to print. */
  readonly handedOut = signal<CreatedUser[]>([]);

  constructor() {
    followLiveEvents({
      onEvent: (event) => {
        if (event.type === 'instances' || event.type === 'operation') void this.refreshUsers();
      },
      onResumed: () => void this.load(),
    });
  }

  async load(): Promise<void> {
    try {
      const [users, defaults, classCode] = await Promise.all([
        this.accounts.listUsers(),
        this.accounts.quotaDefaults(),
        this.accounts.classCode(),
      ]);
      this.users.set([...users].sort(byName));
      this.defaults.set(defaults);
      this.classCode.set(classCode);
      this.loadError.set(null);
      this.loaded.set(true);
    } catch (error) {
      this.loadError.set(describeFailure(error));
    }
  }

  /** One name: POST /api/users; several: the batch, all or none. */
  async add(usernames: string[], role: UserRole): Promise<CreatedUser[]> {
    const created =
      usernames.length === 1
        ? [await this.accounts.createUser(usernames[0]!, role)]
        : await this.accounts.createUsers(usernames, role);
    this.handedOut.update((shown) => [...shown, ...created]);
    await this.refreshUsers();
    return created;
  }

  async resetPassword(user: User): Promise<void> {
    const oneTimePassword = await this.accounts.resetPassword(user.id);
    const { id, username, role } = user;
    this.handedOut.update((shown) => [...shown.filter((entry) => entry.id !== id), { id, username, role, oneTimePassword }]);
    await this.refreshUsers();
  }

  async setDisabled(user: User, disabled: boolean): Promise<void> {
    this.replace(await this.accounts.updateUser(user.id, { disabled }));
  }

  async setQuota(user: User, quota: QuotaChange): Promise<void> {
    this.replace(await this.accounts.updateUser(user.id, { quota }));
  }

  async remove(user: User, instances: DeletedUserInstances): Promise<DeletedUser> {
    const deleted = await this.accounts.deleteUser(user.id, instances);
    this.users.update((users) => users.filter((kept) => kept.id !== user.id));
    this.handedOut.update((shown) => shown.filter((entry) => entry.id !== user.id));
    return deleted;
  }

  async setDefaults(change: QuotaChange): Promise<void> {
    this.defaults.set(await this.accounts.setQuotaDefaults(change));
    await this.refreshUsers();
  }

  async openClassCode(minutes: number): Promise<void> {
    const { code, expiresAt } = await this.accounts.openClassCode(minutes);
    this.classCode.set({ open: true, code, expiresAt });
  }

  async closeClassCode(): Promise<void> {
    await this.accounts.closeClassCode();
    this.classCode.set({ open: false, code: null, expiresAt: null });
  }

  /** The one-time passwords have been handed out: they leave the page. */
  forgetHandedOut(): void {
    this.handedOut.set([]);
  }

  /** Reads every user again (their usage changed); a change during a read reads once more after it. */
  refreshUsers(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          this.users.set([...(await this.accounts.listUsers())].sort(byName));
        } while (this.refreshAgain);
      } catch (error) {
        this.loadError.set(describeFailure(error));
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private replace(user: User): void {
    this.users.update((users) => [...users.filter((kept) => kept.id !== user.id), user].sort(byName));
  }
}
