import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { AccountsApi } from '../api/accounts-api';
import { describeFailure } from '../api/api-error';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import type { CreatedPersonalToken, PersonalToken } from '../api/manager-api.types';
import { FocusOnRender } from '../dialog/focus-on-render';
import { ModalDialog } from '../dialog/modal-dialog';

const FIELDS = ['name', 'expiresInDays'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The caller's personal API tokens (for the CLI and scripts): create one,
 * shown this once; see when each was used; revoke one.
 */
@Component({
  selector: 'ts-personal-tokens',
  imports: [ModalDialog, FocusOnRender],
  templateUrl: './personal-tokens.html',
  styleUrl: './account-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PersonalTokens {
  private readonly accounts = inject(AccountsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);

  protected readonly tokens = signal<PersonalToken[]>([]);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly name = signal('');
  protected readonly days = signal('');
  protected readonly creating = signal(false);
  protected readonly errors = signal<FormErrors<Field>>(NO_FORM_ERRORS);
  /** The token just created: its secret is shown until the user dismisses it, and never again. */
  protected readonly created = signal<CreatedPersonalToken | null>(null);
  protected readonly revoking = signal<PersonalToken | null>(null);
  protected readonly announcement = signal<string | null>(null);
  protected readonly describedBy = describedBy;

  constructor() {
    void this.load();
  }

  protected when(at: string | null, otherwise: string): string {
    return at === null ? otherwise : new Date(at).toLocaleString();
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    if (this.creating()) return;
    const name = this.name().trim();
    const days = this.days().trim();
    if (!name) {
      this.errors.set({ fields: { name: 'Name the token after what will use it, e.g. "cli on lab-pc-3".' }, form: null });
      return;
    }
    if (days && !/^\d+$/.test(days)) {
      this.errors.set({ fields: { expiresInDays: 'Days: a whole number, or empty for a token that works until revoked.' }, form: null });
      return;
    }
    this.creating.set(true);
    this.errors.set(NO_FORM_ERRORS);
    try {
      const token = await this.accounts.createToken(days ? { name, expiresInDays: Number(days) } : { name });
      this.created.set(token);
      this.name.set('');
      this.days.set('');
      const { token: _secret, ...listed } = token;
      this.tokens.update((tokens) => [...tokens, listed]);
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS));
    } finally {
      this.creating.set(false);
    }
  }

  /** The secret leaves the page with the button that had focus: focus goes to the name of the next token. */
  protected dismissCreated(): void {
    this.created.set(null);
    this.focusNameField();
  }

  protected async revoke(): Promise<void> {
    const token = this.revoking();
    if (!token) return;
    this.revoking.set(null);
    try {
      await this.accounts.revokeToken(token.id);
      this.tokens.update((tokens) => tokens.filter((kept) => kept.id !== token.id));
      this.announcement.set(`Revoked "${token.name}": it is refused from now on.`);
      // Its row went with the button that opened the dialog.
      this.focusNameField();
    } catch (error) {
      this.announcement.set(`Could not revoke "${token.name}": ${describeFailure(error)}`);
    }
  }

  private focusNameField(): void {
    afterNextRender(() => this.host.querySelector<HTMLElement>('#token-name')?.focus(), { injector: this.injector });
  }

  private async load(): Promise<void> {
    try {
      this.tokens.set(await this.accounts.listTokens());
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(describeFailure(error));
    } finally {
      this.loaded.set(true);
    }
  }
}
