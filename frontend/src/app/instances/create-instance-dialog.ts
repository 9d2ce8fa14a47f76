import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { ManagerApi } from '../api/manager-api';
import type { ManagerNode, Operation } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { canHostInstances, isOutOfService } from './instance-host';

type InstanceField = 'name' | 'template' | 'nodeId';
const FIELDS: readonly InstanceField[] = ['name', 'template', 'nodeId'];
const AUTOMATIC = '';

/** A 404 "No node …" is about the node chosen (it was unregistered meanwhile). */
function fieldOfRefusal(message: string, status: number): InstanceField | null {
  return status === 404 && /No node/.test(message) ? 'nodeId' : null;
}

/**
 * Creates an instance on a chosen node, or lets the manager place it on the
 * least loaded one. It waits only for the manager to accept the create (202,
 * at once) and hands the operation on: the node's outcome, a name already
 * taken there included, shows on the instance's row. What the manager refuses
 * at once (a bad field, no node to place it on) shows here, beside the field.
 * A node UNREACHABLE or FAULTY is not offered.
 */
@Component({
  selector: 'ts-create-instance-dialog',
  imports: [ModalDialog],
  templateUrl: './create-instance-dialog.html',
  styleUrl: './create-instance-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateInstanceDialog {
  private readonly api = inject(ManagerApi);

  /** The nodes to choose from; unused when `fixedNode` is set. */
  readonly nodes = input<readonly ManagerNode[]>([]);
  /** Create on this node only ("create instance here"). */
  readonly fixedNode = input<ManagerNode | null>(null);
  readonly closed = output<void>();
  /** The manager accepted the create: the operation, running. */
  readonly accepted = output<Operation>();

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
  protected readonly offered = computed(() => this.nodes().filter((node) => !isOutOfService(node)));
  /** "pi-2 (UNREACHABLE), pi-3 (FAULTY)": the nodes left out, and why. */
  protected readonly notOffered = computed(() =>
    this.nodes()
      .filter(isOutOfService)
      .map((node) => `${node.name} (${node.state})`)
      .join(', '),
  );

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.errors.set(NO_FORM_ERRORS);
    const nodeId = this.fixedNode()?.id ?? (this.chosenNode() || undefined);
    const template = this.template().trim();
    try {
      const operation = await this.api.createInstance({
        name: this.name().trim(),
        ...(template ? { template } : {}),
        ...(nodeId ? { nodeId } : {}),
        start: this.start(),
      });
      this.accepted.emit(operation);
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS, fieldOfRefusal));
    } finally {
      this.busy.set(false);
    }
  }
}
