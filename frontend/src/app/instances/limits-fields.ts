import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { describedBy } from '../api/form-errors';
import { LIMITS, type LimitField, type LimitKey, type LimitsDraft, type LimitTyped } from './instance-limits';

/**
 * The four optional limits of an instance (memory, CPUs, CPU share,
 * processes), each with its hint and the manager's error beside it; shared
 * by the create dialog and an instance's settings.
 */
@Component({
  selector: 'ts-limits-fields',
  template: `
    <fieldset class="limits">
      <legend>Limits (optional: empty means none)</legend>
      <div class="limit-fields">
        @for (limit of limits; track limit.key) {
          <div class="field">
            <label [for]="idPrefix() + limit.key">{{ limit.label }}</label>
            <input
              [id]="idPrefix() + limit.key"
              type="text"
              inputmode="numeric"
              autocomplete="off"
              [attr.data-testid]="'limit-' + limit.key"
              [value]="draft()[limit.key]"
              (input)="set(limit.key, $any($event.target).value)"
              [attr.aria-invalid]="errors()[limit.field] ? true : null"
              [attr.aria-describedby]="describedBy(idPrefix() + limit.key + '-hint', errors()[limit.field] && idPrefix() + limit.key + '-error')"
            />
            <p [id]="idPrefix() + limit.key + '-hint'" class="field-hint">{{ limit.hint }}</p>
            @if (errors()[limit.field]; as message) {
              <p [id]="idPrefix() + limit.key + '-error'" class="field-error" [attr.data-testid]="'error-' + limit.field">{{ message }}</p>
            }
          </div>
        }
      </div>
    </fieldset>
  `,
  styles: `
    .limits {
      margin: 0 0 0.75rem;
      padding: 0.5rem 0.75rem 0;
      border: 1px solid var(--border, #ccc);
      border-radius: 4px;
    }
    .limit-fields {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: 0 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LimitsFields {
  // An input and an output of one field's change rather than model(): model's code would join every page's
  // download, and a whole draft emitted from a stale input would lose what was typed in another field since.
  readonly draft = input.required<LimitsDraft>();
  readonly typed = output<LimitTyped>();
  readonly errors = input<Partial<Record<LimitField, string>>>({});
  /** Prefix of the inputs' ids, unique on the page. */
  readonly idPrefix = input.required<string>();

  protected readonly limits = LIMITS;
  protected readonly describedBy = describedBy;

  protected set(key: LimitKey, value: string): void {
    this.typed.emit({ key, value });
  }
}
