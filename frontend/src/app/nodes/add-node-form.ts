import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { ManagerApi } from '../api/manager-api';
import type { ManagerNode } from '../api/manager-api.types';
import { NodesStore } from './nodes-store';

type NodeField = 'url' | 'token' | 'name';
const FIELDS: readonly NodeField[] = ['url', 'token', 'name'];

/** 409 and 422 name no property: their words say which field is wrong. */
function fieldOfRefusal(message: string, status: number): NodeField | null {
  if (status === 409) return /A node named/.test(message) ? 'name' : 'url';
  if (status === 422) return /token/i.test(message) ? 'token' : 'url';
  return null;
}

/** Registers a compute node; the manager contacts it first and says what is wrong beside the field. */
@Component({
  selector: 'ts-add-node-form',
  templateUrl: './add-node-form.html',
  styleUrl: './add-node-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddNodeForm {
  private readonly api = inject(ManagerApi);
  private readonly nodes = inject(NodesStore);

  readonly registered = output<ManagerNode>();

  protected readonly url = signal('');
  protected readonly token = signal('');
  protected readonly name = signal('');
  protected readonly busy = signal(false);
  protected readonly describedBy = describedBy;
  protected readonly errors = signal<FormErrors<NodeField>>(NO_FORM_ERRORS);

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.errors.set(NO_FORM_ERRORS);
    const name = this.name().trim();
    try {
      const node = await this.api.registerNode({
        url: this.url().trim(),
        token: this.token(),
        ...(name ? { name } : {}),
      });
      this.nodes.upsert(node);
      this.url.set('');
      this.token.set('');
      this.name.set('');
      this.registered.emit(node);
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS, fieldOfRefusal));
    } finally {
      this.busy.set(false);
    }
  }
}
