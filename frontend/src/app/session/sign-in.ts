import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { ApiError, describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import { Session } from './session';

/** The token prompt. The token is tried on the manager before the console opens. */
@Component({
  selector: 'ts-sign-in',
  templateUrl: './sign-in.html',
  styleUrl: './sign-in.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly api = inject(ManagerApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);

  /** Where to go once signed in (?next=, set by the guard or by a refused token). */
  readonly next = input<string>();

  protected readonly token = signal('');
  protected readonly checking = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.checking()) return;
    const token = this.token().trim();
    if (!token) {
      this.error.set('Enter the manager token.');
      return;
    }
    this.checking.set(true);
    this.error.set(null);
    this.session.signIn(token);
    try {
      await this.api.eventLog({ limit: 1 });
      const next = this.next();
      await this.router.navigateByUrl(next && next.startsWith('/') && !next.startsWith('//') ? next : '/nodes');
    } catch (error) {
      // A 401 has already signed out and says why in the notice.
      if (!(error instanceof ApiError && error.status === 401)) this.error.set(describeFailure(error));
    } finally {
      this.checking.set(false);
    }
  }
}
