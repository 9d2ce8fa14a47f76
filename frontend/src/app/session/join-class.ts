import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AccountsApi } from '../api/accounts-api';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { Session } from './session';

const FIELDS = ['code', 'username', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** Where a refusal of the manager belongs: a closed code to the code, a taken name to the username. */
function fieldOf(_message: string, status: number): Field | null {
  if (status === 403) return 'code';
  if (status === 409) return 'username';
  return null;
}

/**
 * Enrolment with the class code the teacher shows (public): the learner
 * picks a username and a password and is signed in as a member at once.
 */
@Component({
  selector: 'ts-join-class',
  imports: [RouterLink],
  templateUrl: './join-class.html',
  styleUrl: './card-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JoinClass {
  private readonly accounts = inject(AccountsApi);
  private readonly router = inject(Router);
  private readonly session = inject(Session);

  protected readonly code = signal('');
  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly repeated = signal('');
  protected readonly joining = signal(false);
  protected readonly errors = signal<FormErrors<Field | 'repeated'>>(NO_FORM_ERRORS);
  protected readonly describedBy = describedBy;

  protected async join(event: Event): Promise<void> {
    event.preventDefault();
    if (this.joining()) return;
    const request = { code: this.code().trim(), username: this.username().trim(), password: this.password() };
    const missing: Partial<Record<Field | 'repeated', string>> = {};
    if (!request.code) missing.code = 'Enter the class code your teacher shows.';
    if (!request.username) missing.username = 'Choose a username.';
    if (request.password.length < 8) missing.password = 'Choose a password of at least 8 characters.';
    else if (this.repeated() !== request.password) missing.repeated = 'The two passwords differ: type the same one twice.';
    if (Object.keys(missing).length > 0) {
      this.errors.set({ fields: missing, form: null });
      return;
    }
    this.joining.set(true);
    this.errors.set(NO_FORM_ERRORS);
    try {
      this.session.signedIn(await this.accounts.enrol(request));
      await this.router.navigateByUrl('/instances');
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS, fieldOf));
    } finally {
      this.joining.set(false);
    }
  }
}
