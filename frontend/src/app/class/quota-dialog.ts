import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import type { User } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { ClassStore } from './class-store';
import { QUOTA_FIELD_ERROR, quotaText, quotaValue } from './quota-input';

const FIELDS = ['instances', 'running'] as const;
type Field = (typeof FIELDS)[number];

/** One member's own limits; an empty field follows the default. */
@Component({
  selector: 'ts-quota-dialog',
  imports: [ModalDialog],
  templateUrl: './quota-dialog.html',
  styleUrl: './quota-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuotaDialog {
  private readonly store = inject(ClassStore);
  readonly user = input.required<User>();
  readonly closed = output<void>();
  readonly saved = output<void>();

  protected readonly defaults = this.store.defaults;
  protected readonly values = signal<Record<Field, string> | null>(null);
  protected readonly saving = signal(false);
  protected readonly errors = signal<FormErrors<Field>>(NO_FORM_ERRORS);
  protected readonly describedBy = describedBy;

  protected value(field: Field): string {
    return this.values()?.[field] ?? quotaText(this.user().quota.overrides[field]);
  }

  protected defaultOf(field: Field): string {
    const value = this.defaults()?.[field];
    return value === null || value === undefined ? 'unlimited' : String(value);
  }

  protected edit(field: Field, value: string): void {
    this.values.set({ instances: this.value('instances'), running: this.value('running'), [field]: value });
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving()) return;
    const change: Partial<Record<Field, number | null>> = {};
    const fields: Partial<Record<Field, string>> = {};
    for (const field of FIELDS) {
      const value = quotaValue(this.value(field), null);
      if (value === 'invalid') fields[field] = QUOTA_FIELD_ERROR;
      else change[field] = value;
    }
    if (Object.keys(fields).length > 0) {
      this.errors.set({ fields, form: null });
      return;
    }
    this.saving.set(true);
    this.errors.set(NO_FORM_ERRORS);
    try {
      await this.store.setQuota(this.user(), change);
      this.saved.emit();
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS));
    } finally {
      this.saving.set(false);
    }
  }
}
