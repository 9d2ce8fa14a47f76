import { ChangeDetectionStrategy, Component, inject, input, output, signal, type OnInit } from '@angular/core';
import { formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import type { ClusterInstance } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { InstanceAccessApi, type InstanceDetails } from './instance-access-api';
import { LIMIT_FIELDS, NO_LIMITS_DRAFT, describeLimits, draftOf, limitsRequest, type LimitField, type LimitsDraft, type LimitTyped, withTyped } from './instance-limits';
import { LimitsFields } from './limits-fields';

type SettingsField = 'autostart' | LimitField;
const FIELDS: readonly SettingsField[] = ['autostart', ...LIMIT_FIELDS];

/**
 * An instance's limits and autostart, changed (PATCH): only what changed is
 * sent (an emptied limit is removed). The answer says whether the kernel
 * enforces them and whether a change waits for the next start; the manager's
 * refusals show beside their fields, what happened in the live region.
 */
@Component({
  selector: 'ts-instance-settings-dialog',
  imports: [ModalDialog, LimitsFields],
  templateUrl: './instance-settings-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InstanceSettingsDialog implements OnInit {
  private readonly api = inject(InstanceAccessApi);

  readonly instance = input.required<ClusterInstance>();
  readonly closed = output<void>();
  /** The instance with its settings now. */
  readonly changed = output<InstanceDetails>();

  private before: LimitsDraft = NO_LIMITS_DRAFT;
  protected readonly limits = signal<LimitsDraft>(NO_LIMITS_DRAFT);
  protected readonly autostart = signal(false);
  protected readonly busy = signal(false);
  protected readonly errors = signal<FormErrors<SettingsField>>(NO_FORM_ERRORS);
  protected readonly announcement = signal<{ text: string; failed: boolean } | null>(null);

  /** The fields start from the instance's settings as listed. */
  ngOnInit(): void {
    const { limits, autostart } = this.instance();
    this.before = draftOf(limits);
    this.limits.set(this.before);
    this.autostart.set(autostart);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const { nodeId, name, autostart } = this.instance();
    const limits = limitsRequest(this.limits(), this.before);
    const autostartChanged = this.autostart() !== autostart;
    if (!limits && !autostartChanged) {
      this.announcement.set({ text: 'Nothing to change.', failed: false });
      return;
    }
    this.busy.set(true);
    this.errors.set(NO_FORM_ERRORS);
    try {
      const details = await this.api.configure(nodeId, name, {
        ...(limits ? { limits } : {}),
        ...(autostartChanged ? { autostart: this.autostart() } : {}),
      });
      this.before = draftOf(details.limits);
      this.limits.set(this.before);
      this.autostart.set(details.autostart);
      this.changed.emit(details);
      this.announcement.set({ text: savedText(details), failed: !details.limits.enforced });
    } catch (error) {
      const errors = formErrorsOf(error, FIELDS, () => null);
      this.errors.set(errors);
      const first = errors.form ?? FIELDS.map((field) => errors.fields[field]).find((message) => !!message);
      this.announcement.set({ text: `Not changed: ${first}`, failed: true });
    } finally {
      this.busy.set(false);
    }
  }

  protected typeLimit(typed: LimitTyped): void {
    this.limits.update((draft) => withTyped(draft, typed));
  }

  protected limitErrors(): Partial<Record<LimitField, string>> {
    return this.errors().fields;
  }
}

/** "Saved: 64 MiB, autostart on." with what the node said of them. */
function savedText(details: InstanceDetails): string {
  const limits = describeLimits(details.limits) || 'no limits';
  const notes = [
    details.limits.enforced ? '' : ` Limit not enforced: ${details.limits.reason ?? 'the board cannot enforce it'}.`,
    details.limits.appliesAtNextStart ? ' It applies at the next start (the kernel would not apply it live).' : '',
  ].join('');
  return `Saved "${details.name}": ${limits}, autostart ${details.autostart ? 'on' : 'off'}.${notes}`;
}
