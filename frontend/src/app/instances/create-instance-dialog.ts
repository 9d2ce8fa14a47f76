import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { ManagerApi } from '../api/manager-api';
import type { CreatedInstance, ManagerNode } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { canHostInstances } from './instance-host';
import { InstancesStore } from './instances-store';

type InstanceField = 'name' | 'template' | 'nodeId';
const FIELDS: readonly InstanceField[] = ['name', 'template', 'nodeId'];
const AUTOMATIC = '';

/** A 409 from the node is about the name ("An instance named … already exists"). */
function fieldOfRefusal(message: string, status: number): InstanceField | null {
  if (status === 409 && /named/.test(message)) return 'name';
  if (status === 404 && /No node/.test(message)) return 'nodeId';
  return null;
}

/** Creates an instance on a chosen node, or lets the manager place it on the least loaded one. */
@Component({
  selector: 'ts-create-instance-dialog',
  imports: [ModalDialog],
  templateUrl: './create-instance-dialog.html',
  styleUrl: './create-instance-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateInstanceDialog {
  private readonly api = inject(ManagerApi);
  private readonly instances = inject(InstancesStore);

  /** The nodes to choose from; unused when `fixedNode` is set. */
  readonly nodes = input<readonly ManagerNode[]>([]);
  /** Create on this node only ("create instance here"). */
  readonly fixedNode = input<ManagerNode | null>(null);
  readonly closed = output<void>();
  readonly created = output<CreatedInstance>();

  protected readonly automatic = AUTOMATIC;
  protected readonly name = signal('');
  protected readonly template = signal('busybox');
  protected readonly chosenNode = signal(AUTOMATIC);
  protected readonly start = signal(false);
  protected readonly busy = signal(false);
  protected readonly describedBy = describedBy;
  protected readonly errors = signal<FormErrors<InstanceField>>(NO_FORM_ERRORS);

  protected readonly heading = computed(() => {
    const node = this.fixedNode();
    return node ? `Create an instance on ${node.name}` : 'Create an instance';
  });

  protected readonly canHost = canHostInstances;

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.errors.set(NO_FORM_ERRORS);
    const nodeId = this.fixedNode()?.id ?? (this.chosenNode() || undefined);
    const template = this.template().trim();
    try {
      const created = await this.api.createInstance({
        name: this.name().trim(),
        ...(template ? { template } : {}),
        ...(nodeId ? { nodeId } : {}),
        start: this.start(),
      });
      this.instances.replace(created.name, created);
      this.created.emit(created);
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS, fieldOfRefusal));
    } finally {
      this.busy.set(false);
    }
  }
}
