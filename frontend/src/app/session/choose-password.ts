import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AccountsApi } from '../api/accounts-api';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { Session } from './session';
import { nextPage } from './session.guards';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type Field = (typeof FIELDS)[number] | 'repeated';

/**
 * After a sign-in with a one-time password: the user chooses their own
 * before anything else (the manager refuses every other call until then).
 */
@Component({
  selector: 'ts-choose-password',
  templateUrl: './choose-password.html',
  styleUrl: './card-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChoosePassword {
  private readonly accounts = inject(AccountsApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);

  readonly next = input<string>();

  /** Asked for only when the sign-in that used it was not on this tab just now (a reload). */
  protected readonly askCurrent = this.session.oneTimePassword() === null;
  protected readonly current = signal('');
  protected readonly password = signal('');
  protected readonly repeated = signal('');
  protected readonly saving = signal(false);
  protected readonly errors = signal<FormErrors<Field>>(NO_FORM_ERRORS);
  protected readonly describedBy = describedBy;

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving()) return;
    const currentPassword = this.session.oneTimePassword() ?? this.current();
    const newPassword = this.password();
    const missing: Partial<Record<Field, string>> = {};
    if (!currentPassword) missing.currentPassword = 'Enter the one-time password you signed in with.';
    if (newPassword.length < 8) missing.newPassword = 'Choose a password of at least 8 characters.';
    else if (this.repeated() !== newPassword) missing.repeated = 'The two passwords differ: type the same one twice.';
    if (Object.keys(missing).length > 0) {
      this.errors.set({ fields: missing, form: null });
      return;
    }
    this.saving.set(true);
    this.errors.set(NO_FORM_ERRORS);
    try {
      this.session.updateUser(await this.accounts.changePassword({ currentPassword, newPassword }));
      this.session.oneTimePassword.set(null);
      await this.router.navigateByUrl(nextPage(this.next()));
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS));
    } finally {
      this.saving.set(false);
    }
  }

  protected async signOut(): Promise<void> {
    await this.accounts.signOut().catch(() => undefined);
    this.session.signedOut();
  }
}
