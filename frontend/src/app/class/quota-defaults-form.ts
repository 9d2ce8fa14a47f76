import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { ClassStore } from './class-store';
import { QUOTA_FIELD_ERROR, quotaText, quotaValue } from './quota-input';

const FIELDS = ['instances', 'running', 'memoryMiB'] as const;
type Field = (typeof FIELDS)[number];

/** The limits of every member without limits of their own; empty is unlimited. */
@Component({
  selector: 'ts-quota-defaults-form',
  templateUrl: './quota-defaults-form.html',
  styleUrl: './quota-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QuotaDefaultsForm {
  protected readonly store = inject(ClassStore);
  protected readonly values = signal<Record<Field, string>>({ instances: '', running: '', memoryMiB: '' });
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly errors = signal<FormErrors<Field>>(NO_FORM_ERRORS);
  protected readonly describedBy = describedBy;

  constructor() {
    effect(() => {
      const defaults = this.store.defaults();
      if (defaults)
        untracked(() =>
          this.values.set({
            instances: quotaText(defaults.instances),
            running: quotaText(defaults.running),
            memoryMiB: quotaText(defaults.memoryMiB),
          }),
        );
    });
  }

  protected edit(field: Field, value: string): void {
    this.values.update((values) => ({ ...values, [field]: value }));
    this.saved.set(false);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.saving()) return;
    const change: Partial<Record<Field, number | null>> = {};
    const fields: Partial<Record<Field, string>> = {};
    for (const field of FIELDS) {
      const value = quotaValue(this.values()[field], null);
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
      await this.store.setDefaults(change);
      this.saved.set(true);
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS));
    } finally {
      this.saving.set(false);
    }
  }
}
