import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { describeFailure } from '../api/api-error';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import { ManagerApi } from '../api/manager-api';
import type { ManagerNode, Operation } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { formatSize } from '../images/image-text';
import { ImagesApi, type Image } from '../images/images-api';
import { canHostInstances, isOutOfService } from './instance-host';
import { LIMIT_FIELDS, NO_LIMITS_DRAFT, anyLimitTyped, limitsRequest, memoryLimitProblem, type LimitField, type LimitsDraft, type LimitTyped, withTyped } from './instance-limits';
import { LimitsFields } from './limits-fields';

type InstanceField = 'name' | 'source' | 'nodeId' | LimitField;
const FIELDS: readonly InstanceField[] = ['name', 'source', 'nodeId', ...LIMIT_FIELDS];
const AUTOMATIC = '';
/** The template a node allows when it does not say (the compute node's default allow-list). */
const DEFAULT_TEMPLATES: readonly string[] = ['busybox'];

/** A choice of the "Create from" list: an image of the library or a template. */
interface Source {
  value: string;
  label: string;
  /** Why it cannot be chosen now (another architecture than the node's); null when it can. */
  refused: string | null;
}
const imageValue = (name: string) => `image:${name}`;
const templateValue = (name: string) => `template:${name}`;

/**
 * "image lab1", "template busybox", the manager's messages about them
 * ("image …", "template …", "no board runs arm64") go beside the list; a 404
 * "No node …" is about the node chosen (it was unregistered meanwhile).
 */
function fieldOfRefusal(message: string, status: number): InstanceField | null {
  if (status === 404 && /No node/.test(message)) return 'nodeId';
  if (/^(image|template) /i.test(message) || /^Image "|architecture|no board runs/i.test(message)) return 'source';
  return null;
}

/**
 * Creates an instance on a chosen node, or lets the manager place it on the
 * least loaded one, from an image of the library or a template the nodes
 * allow, with optional limits and autostart. It waits only for the manager
 * to accept the create (202, at once) and hands the operation on: the node's
 * outcome (and the image's download) shows on the instance's row. What the
 * manager refuses at once shows here, beside the field. A node UNREACHABLE
 * or FAULTY is not offered; an image for another architecture than the
 * chosen node's is offered disabled, saying why. Limits a node cannot
 * enforce (its memory-cgroup check fails) are warned of before create.
 */
@Component({
  selector: 'ts-create-instance-dialog',
  imports: [ModalDialog, LimitsFields],
  templateUrl: './create-instance-dialog.html',
  styleUrl: './create-instance-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateInstanceDialog {
  private readonly api = inject(ManagerApi);
  private readonly imagesApi = inject(ImagesApi);

  /** The nodes to choose from; unused when `fixedNode` is set. */
  readonly nodes = input<readonly ManagerNode[]>([]);
  /** Create on this node only ("create instance here"). */
  readonly fixedNode = input<ManagerNode | null>(null);
  readonly closed = output<void>();
  /** The manager accepted the create: the operation, running. */
  readonly accepted = output<Operation>();

  protected readonly automatic = AUTOMATIC;
  protected readonly name = signal('');
  protected readonly source = signal(templateValue(DEFAULT_TEMPLATES[0]!));
  protected readonly chosenNode = signal(AUTOMATIC);
  protected readonly start = signal(false);
  protected readonly autostart = signal(false);
  protected readonly limits = signal<LimitsDraft>(NO_LIMITS_DRAFT);
  protected readonly busy = signal(false);
  protected readonly describedBy = describedBy;
  protected readonly errors = signal<FormErrors<InstanceField>>(NO_FORM_ERRORS);
  protected readonly images = signal<readonly Image[]>([]);
  protected readonly imagesError = signal<string | null>(null);

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

  /** The node the instance goes to, when one is chosen. */
  private readonly targetNode = computed(
    () => this.fixedNode() ?? this.offered().find((node) => node.id === this.chosenNode()) ?? null,
  );
  /** The nodes it may go to: the chosen one, or every node placement may choose. */
  private readonly candidates = computed(() => {
    const target = this.targetNode();
    return target ? [target] : this.offered().filter(canHostInstances);
  });

  protected readonly templates = computed<Source[]>(() => {
    const names = new Set<string>();
    for (const node of this.candidates()) for (const name of node.templates ?? DEFAULT_TEMPLATES) names.add(name);
    if (names.size === 0) for (const name of DEFAULT_TEMPLATES) names.add(name);
    return [...names].map((name) => ({ value: templateValue(name), label: name, refused: null }));
  });

  protected readonly imageSources = computed<Source[]>(() =>
    this.images().map((image) => ({
      value: imageValue(image.name),
      label: `${image.name} (${image.architecture}, ${formatSize(image.sizeBytes)})`,
      refused: this.architectureRefusal(image),
    })),
  );

  /** Why the source chosen cannot be used now; null when it can. */
  protected readonly sourceRefused = computed(
    () => this.imageSources().find((source) => source.value === this.source())?.refused ?? null,
  );

  /** Shown before create: a memory limit typed for a node that cannot enforce it. */
  protected readonly limitWarning = computed(() => {
    if (this.limits().memoryMiB.trim() === '') return null;
    const problems = this.candidates()
      .map((node) => ({ node, problem: memoryLimitProblem(node) }))
      .filter((entry): entry is { node: ManagerNode; problem: string } => entry.problem !== null);
    if (problems.length === 0) return null;
    return problems.map(({ node, problem }) => `${node.name} cannot enforce a memory limit: ${problem}`).join(' ');
  });

  constructor() {
    void this.loadImages();
  }

  private async loadImages(): Promise<void> {
    try {
      this.images.set(await this.imagesApi.list());
    } catch (error) {
      this.imagesError.set(describeFailure(error));
    }
  }

  /** An image runs only on boards of its architecture: say so when none of the candidates is one. */
  private architectureRefusal(image: Image): string | null {
    const known = this.candidates().filter((node) => !!node.architecture);
    if (known.length === 0 || known.length < this.candidates().length) return null;
    if (known.some((node) => node.architecture === image.architecture)) return null;
    const boards = known.map((node) => `${node.name} is ${node.architecture}`).join(', ');
    return `${image.name} is for ${image.architecture}: ${boards}`;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    const refused = this.sourceRefused();
    if (refused) {
      this.errors.set({ fields: { source: refused }, form: null });
      return;
    }
    this.busy.set(true);
    this.errors.set(NO_FORM_ERRORS);
    const nodeId = this.fixedNode()?.id ?? (this.chosenNode() || undefined);
    const [kind, sourceName] = splitSource(this.source());
    const limits = anyLimitTyped(this.limits()) ? limitsRequest(this.limits()) : undefined;
    try {
      const operation = await this.api.createInstance({
        name: this.name().trim(),
        ...(kind === 'image' ? { image: sourceName } : { template: sourceName }),
        ...(nodeId ? { nodeId } : {}),
        start: this.start(),
        ...(this.autostart() ? { autostart: true } : {}),
        ...(limits ? { limits } : {}),
      });
      this.accepted.emit(operation);
    } catch (error) {
      this.errors.set(formErrorsOf(error, FIELDS, fieldOfRefusal));
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

  protected firstError(): string | undefined {
    const { fields, form } = this.errors();
    return form ?? FIELDS.map((field) => fields[field]).find((message) => !!message);
  }
}

function splitSource(value: string): ['image' | 'template', string] {
  const at = value.indexOf(':');
  return [value.slice(0, at) === 'image' ? 'image' : 'template', value.slice(at + 1)];
}
