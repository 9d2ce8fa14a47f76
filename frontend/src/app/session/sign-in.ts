import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AccountsApi } from '../api/accounts-api';
import { describeFailure } from '../api/api-error';
import { Session } from './session';
import { nextPage } from './session.guards';

/**
 * The sign-in page: username and password (the teacher hands out one-time
 * passwords, or learners enrol with a class code), or, for the teacher, the
 * manager token. Either way the manager sets its session cookie.
 */
@Component({
  selector: 'ts-sign-in',
  imports: [RouterLink],
  templateUrl: './sign-in.html',
  styleUrl: './card-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly accounts = inject(AccountsApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);

  /** Where to go once signed in (?next=, set by the guard or by an expired session). */
  readonly next = input<string>();

  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly token = signal('');
  protected readonly checking = signal<'password' | 'token' | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly tokenError = signal<string | null>(null);

  protected async signIn(event: Event): Promise<void> {
    event.preventDefault();
    if (this.checking()) return;
    const username = this.username().trim();
    const password = this.password();
    if (!username || !password) {
      this.error.set('Enter your username and your password.');
      return;
    }
    this.checking.set('password');
    this.error.set(null);
    try {
      const answer = await this.accounts.signIn(username, password);
      this.session.signedIn(answer);
      if (answer.user.mustChangePassword) {
        this.session.oneTimePassword.set(password);
        await this.router.navigate(['/choose-password'], { queryParams: { next: this.next() } });
      } else {
        await this.router.navigateByUrl(nextPage(this.next()));
      }
    } catch (error) {
      this.error.set(describeFailure(error));
    } finally {
      this.checking.set(null);
    }
  }

  protected async signInWithToken(event: Event): Promise<void> {
    event.preventDefault();
    if (this.checking()) return;
    const token = this.token().trim();
    if (!token) {
      this.tokenError.set('Enter the manager token.');
      return;
    }
    this.checking.set('token');
    this.tokenError.set(null);
    try {
      if (await this.session.exchangeToken(token)) await this.router.navigateByUrl(nextPage(this.next()));
    } finally {
      this.checking.set(null);
    }
  }
}
