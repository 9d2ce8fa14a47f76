import { ChangeDetectionStrategy, Component, DOCUMENT, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import type { DeletedUserInstances, User, UserRole } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { Session } from '../session/session';
import { ClassCodePanel } from './class-code-panel';
import { ClassStore, usernamesOf } from './class-store';
import { QuotaDefaultsForm } from './quota-defaults-form';
import { QuotaDialog } from './quota-dialog';

interface Announcement {
  text: string;
  failed: boolean;
}

/**
 * The teacher's Class page: who is in the class, their role, quota and what
 * each uses now; adding learners one by one or from a pasted list (their
 * one-time passwords shown once, in a table to print); reset, disable,
 * delete; the quota defaults; the class code.
 */
@Component({
  selector: 'ts-class-page',
  imports: [ModalDialog, ClassCodePanel, QuotaDefaultsForm, QuotaDialog],
  templateUrl: './class-page.html',
  styleUrl: './class-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [ClassStore],
})
export class ClassPage {
  protected readonly store = inject(ClassStore);
  private readonly session = inject(Session);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  protected readonly names = signal('');
  protected readonly role = signal<UserRole>('member');
  protected readonly adding = signal(false);
  protected readonly addError = signal<string | null>(null);
  protected readonly announcement = signal<Announcement | null>(null);
  /** Rows with a request running, by user id. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly editingQuota = signal<User | null>(null);
  protected readonly deleting = signal<User | null>(null);
  protected readonly deleteChoice = signal<DeletedUserInstances | null>(null);
  protected readonly deleteError = signal<string | null>(null);

  protected readonly count = computed(() => usernamesOf(this.names()).length);

  constructor() {
    void this.store.load();
  }

  protected limit(value: number | null): string {
    return value === null ? '∞' : String(value);
  }

  /** Neither the built-in admin nor the teacher themself can be disabled or deleted. */
  protected canRemove(user: User): boolean {
    return !user.builtIn && user.id !== this.session.user()?.id;
  }

  protected async add(event: Event): Promise<void> {
    event.preventDefault();
    if (this.adding()) return;
    const usernames = usernamesOf(this.names());
    if (usernames.length === 0) {
      this.addError.set('Type a username, or paste a list of them (one per line).');
      return;
    }
    this.adding.set(true);
    this.addError.set(null);
    try {
      const created = await this.store.add(usernames, this.role());
      this.names.set('');
      this.announce(`Added ${created.length === 1 ? `"${created[0]!.username}"` : `${created.length} users`}: their one-time passwords are below.`);
    } catch (error) {
      this.addError.set(describeFailure(error));
    } finally {
      this.adding.set(false);
    }
  }

  protected print(): void {
    this.document.defaultView?.print();
  }

  /** The sheet goes with the button that had focus: focus moves to the names field. */
  protected doneHandingOut(): void {
    this.store.forgetHandedOut();
    this.focusAfterRender('#new-usernames');
  }

  protected resetPassword(user: User): Promise<void> {
    return this.onRow(user, async () => {
      await this.store.resetPassword(user);
      return `New one-time password for "${user.username}" (below); their sessions were signed out.`;
    });
  }

  protected toggleDisabled(user: User): Promise<void> {
    const disabled = !user.disabled;
    return this.onRow(user, async () => {
      await this.store.setDisabled(user, disabled);
      return disabled ? `Disabled "${user.username}": they are signed out and refused.` : `Enabled "${user.username}" again.`;
    });
  }

  protected quotaSaved(user: User): void {
    this.editingQuota.set(null);
    this.announce(`Saved the quota of "${user.username}".`);
  }

  protected askToDelete(user: User): void {
    this.deleteChoice.set(null);
    this.deleteError.set(null);
    this.deleting.set(user);
  }

  protected async confirmDelete(event: Event): Promise<void> {
    event.preventDefault();
    const user = this.deleting();
    const choice = this.deleteChoice();
    if (!user) return;
    if (!choice) {
      this.deleteError.set('Choose what becomes of their instances.');
      return;
    }
    this.deleting.set(null);
    await this.onRow(user, async () => {
      const deleted = await this.store.remove(user, choice);
      this.focusAfterRender('#users-heading');
      const kept = deleted.reassigned.filter((entry) => entry.reason !== 'reassigned');
      const parts = [`Deleted "${user.username}".`];
      if (choice === 'delete') parts.push(`${deleted.operations.length} of their instances are being deleted.`);
      if (choice === 'reassign') parts.push(`${deleted.reassigned.length} of their instances are yours now.`);
      for (const entry of kept) parts.push(`"${entry.instance}" could not be deleted (${entry.reason}): it is yours now.`);
      return parts.join(' ');
    });
  }

  private async onRow(user: User, perform: () => Promise<string>): Promise<void> {
    if (this.busy().has(user.id)) return;
    this.busy.update((busy) => new Set(busy).add(user.id));
    try {
      this.announce(await perform());
    } catch (error) {
      this.announce(`Could not change "${user.username}": ${describeFailure(error)}`, true);
    } finally {
      this.busy.update((busy) => {
        const next = new Set(busy);
        next.delete(user.id);
        return next;
      });
    }
  }

  private announce(text: string, failed = false): void {
    this.announcement.set({ text, failed });
  }

  private focusAfterRender(selector: string): void {
    afterNextRender(() => this.document.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
