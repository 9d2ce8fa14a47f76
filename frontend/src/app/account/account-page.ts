import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AccountsApi } from '../api/accounts-api';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { Session } from '../session/session';
import { PersonalTokens } from './personal-tokens';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type Field = (typeof FIELDS)[number] | 'repeated';

/** The signed-in user's own page: who they are, their quota, their password and their personal tokens. */
@Component({
  selector: 'ts-account-page',
  imports: [PersonalTokens],
  templateUrl: './account-page.html',
  styleUrl: './account-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  private readonly accounts = inject(AccountsApi);
  protected readonly session = inject(Session);

  protected readonly current = signal('');
  protected readonly password = signal('');
  protected readonly repeated = signal('');
  protected readonly saving = signal(false);
  protected readonly errors = signal<FormErrors<Field>>(NO_FORM_ERRORS);
  protected readonly saved = signal<string | null>(null);
  protected readonly describedBy = describedBy;

  protected limit(value: number | null): string {
    return value === null ? 'unlimited' : String(value);
  }

  protected async changePassword(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving()) return;
    const hasPassword = this.session.user()?.hasPassword ?? true;
    const newPassword = this.password();
    const missing: Partial<Record<Field, string>> = {};
    if (hasPassword && !this.current()) missing.currentPassword = 'Enter the password you use now.';
    if (newPassword.length < 8) missing.newPassword = 'Choose a password of at least 8 characters.';
    else if (this.repeated() !== newPassword) missing.repeated = 'The two passwords differ: type the same one twice.';
    if (Object.keys(missing).length > 0) {
      this.errors.set({ fields: missing, form: null });
      return;
    }
    this.saving.set(true);
    this.errors.set(NO_FORM_ERRORS);
    this.saved.set(null);
    try {
      const request = hasPassword ? { currentPassword: this.current(), newPassword } : { newPassword };
      this.session.updateUser(await this.accounts.changePassword(request));
      this.current.set('');
      this.password.set('');
      this.repeated.set('');
      this.saved.set('Your new password is saved. Your other sessions were signed out.');
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS));
    } finally {
      this.saving.set(false);
    }
  }
}
