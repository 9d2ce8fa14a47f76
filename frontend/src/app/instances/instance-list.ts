import {
  ChangeDetectionStrategy,
  Component,
  type ComponentRef,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  type OutputEmitterRef,
  type Type,
  ViewContainerRef,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ClusterInstance, InstanceDetails, Operation, OperationAction } from '../api/manager-api.types';
import { FocusOnRender } from '../dialog/focus-on-render';
import { ModalDialog } from '../dialog/modal-dialog';
import { NodesStore } from '../nodes/nodes-store';
import { formatMegabytes, formatPercent } from '../nodes/usage-format';
import { acceptedText, describePlacement, failureOf, outcomeText, runningLabel } from '../operations/operation-text';
import { operationKey, OperationsStore } from '../operations/operations-store';
import { Session } from '../session/session';
import { CreateInstanceDialog } from './create-instance-dialog';
import { InstancePorts, opensInBrowser, type PortsTarget } from './instance-ports';
import { InstancePortsDialog } from './instance-ports-dialog';
import { describeLimits, downloadProgress } from './instance-limits';
import { InstancesStore } from './instances-store';

/** What the list needs of a dialog of one instance (snapshots, settings), made from its own chunk. */
interface InstanceDialog {
  closed: OutputEmitterRef<void>;
  restored?: OutputEmitterRef<InstanceDetails>;
  changed?: OutputEmitterRef<InstanceDetails>;
}

/** A row's buttons, by their data-testid. */
type RowControl = 'start-stop' | 'rename' | 'delete';

interface Announcement {
  text: string;
  failed: boolean;
}

/**
 * One line of the table: an instance the manager lists, or one it does not
 * list (yet): a create still running, or one of this page that failed (kept,
 * with its error, until dismissed).
 */
export interface InstanceRow {
  key: string;
  name: string;
  nodeId: string;
  nodeName: string;
  /** Whose instance it is (for a create: who it is created for). */
  owner: string;
  instance: ClusterInstance | null;
  /** The operation running on it, whoever started it. */
  operation: Operation | null;
  /** The create of this page that failed, on a row not listed. */
  failedCreate: Operation | null;
}

const keyOf = (instance: { nodeId: string; name: string }) => `${instance.nodeId}/${instance.name}`;

const inClusterOrder = (a: InstanceRow, b: InstanceRow) => a.nodeName.localeCompare(b.nodeName) || a.name.localeCompare(b.name);

/**
 * The paper's instance list: every instance of every node, with start/stop,
 * rename and delete. Each change is an operation: the manager accepts it at
 * once and the row shows it ("stopping…", its buttons busy) until the
 * operation's event says how it ended; then the row shows the result, or the
 * error beside it, and the announcement says what happened. Operations begun
 * elsewhere (another tab, the CLI) show on their rows too, and a create shows
 * a row of its own at once.
 *
 * Focus never falls to the page: a row's buttons stay focusable while busy
 * (aria-disabled), a finished rename focuses the renamed row's Rename button,
 * and when the row that had focus goes (deleted here or elsewhere) the row
 * now in its place, or else "New instance", takes it.
 */
@Component({
  selector: 'ts-instance-list',
  imports: [RouterLink, ModalDialog, FocusOnRender, CreateInstanceDialog, InstancePortsDialog],
  templateUrl: './instance-list.html',
  styleUrl: './instance-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(focusin)': 'noteFocus($event)' },
  providers: [InstancePorts],
})
export class InstanceList {
  private readonly api = inject(ManagerApi);
  protected readonly store = inject(InstancesStore);
  protected readonly operations = inject(OperationsStore);
  protected readonly nodes = inject(NodesStore);
  protected readonly ports = inject(InstancePorts);
  /** A teacher (admin) sees everyone's instances, with their owner; a member sees their own only. */
  protected readonly isAdmin = inject(Session).isAdmin;

  /** Rows whose change is on its way to the manager, before it is accepted (202) or refused. */
  private readonly sending = signal<ReadonlyMap<string, OperationAction>>(new Map());
  protected readonly rowErrors = signal<ReadonlyMap<string, string>>(new Map());
  /** Creates of this page that failed for an instance not listed: their rows stay until dismissed. */
  private readonly failedCreates = signal<ReadonlyMap<string, Operation>>(new Map());
  /** The row whose name is being edited, and the name typed so far. */
  protected readonly renaming = signal<{ key: string; name: string } | null>(null);
  protected readonly confirmingDelete = signal<ClusterInstance | null>(null);
  protected readonly creating = signal(false);
  /** The instance whose ports dialog is open. */
  protected readonly portsOf = signal<PortsTarget | null>(null);
  /** The snapshots or settings dialog open now, made from its own chunk (see openDialog). */
  private openDialog: ComponentRef<InstanceDialog> | null = null;
  private destroyed = false;
  private readonly viewContainer = inject(ViewContainerRef);
  private readonly injector = inject(Injector);
  protected readonly announcement = signal<Announcement | null>(null);

  protected readonly rows = computed<InstanceRow[]>(() => {
    const running = new Map<string, Operation>();
    for (const operation of this.operations.running()) {
      const key = operationKey(operation);
      if (!running.has(key)) running.set(key, operation);
    }
    const rows: InstanceRow[] = this.store.instances().map((instance) => {
      const key = keyOf(instance);
      const { name, nodeId, nodeName, owner } = instance;
      return { key, name, nodeId, nodeName, owner, instance, operation: running.get(key) ?? null, failedCreate: null };
    });
    const listed = new Set(rows.map((row) => row.key));
    const unlisted = (operation: Operation, failedCreate: Operation | null): InstanceRow => {
      const { nodeId, nodeName, instance: name, owner } = operation;
      return {
        key: operationKey(operation),
        name,
        // A create names its node; only warm and batch run over several (nodeId null), and they are not rows.
        nodeId: nodeId ?? '',
        nodeName: nodeName ?? '',
        owner,
        instance: null,
        operation: failedCreate ? null : operation,
        failedCreate,
      };
    };
    for (const [key, operation] of running) {
      if (operation.action === 'create' && !listed.has(key)) {
        rows.push(unlisted(operation, null));
        listed.add(key);
      }
    }
    for (const [key, operation] of this.failedCreates()) if (!listed.has(key)) rows.push(unlisted(operation, operation));
    return rows.sort(inClusterOrder);
  });

  protected readonly running = runningLabel;
  protected readonly placement = describePlacement;
  protected readonly percent = formatPercent;
  protected readonly megabytes = formatMegabytes;
  protected readonly opensInBrowser = opensInBrowser;
  protected readonly limitsText = (instance: ClusterInstance) => describeLimits(instance.limits);
  protected readonly download = downloadProgress;

  private readonly document = inject(DOCUMENT);
  // Queried from the host rather than with viewChild(ren): signal queries would add to every page's download.
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  /** The row focus was last in, and its place: to put focus back in that place when the row goes. */
  private focusedRow: { key: string; index: number } | null = null;
  /** A control to focus once the table shows it, if focus was lost on the way (the form that had it went). */
  private readonly focusTarget = signal<{ key: string; control: RowControl } | null>(null);
  /** What this list last focused by itself: moving focus on from there takes nothing from the user. */
  private placedFocus: Element | null = null;

  constructor() {
    void this.store.load();
    void this.nodes.load();
    void this.operations.load();
    const injector = this.injector;
    effect(() => {
      this.rows();
      const target = this.focusTarget();
      afterNextRender(() => this.keepFocus(target), { injector });
    });
    // The forwards of what runs are read once per visit; a stopped instance's are read when its ports are opened.
    effect(() => {
      for (const instance of this.store.instances()) if (instance.state === 'RUNNING') this.ports.want(instance);
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.closeDialog();
    });
  }

  /** A terminal opens in a running instance only, and not while a change of it is on its way. */
  protected canOpenTerminal(row: InstanceRow): boolean {
    return row.instance?.state === 'RUNNING' && !this.busyWith(row);
  }

  /** A path rather than an array of parts: an array of four in the template would add to every page's download. */
  protected terminalLink(row: InstanceRow): string {
    return `/instances/${encodeURIComponent(row.nodeId)}/${encodeURIComponent(row.name)}/terminal`;
  }

  protected openPorts(row: InstanceRow): void {
    if (row.instance) this.portsOf.set({ nodeId: row.nodeId, name: row.name });
  }

  protected async openSnapshots(row: InstanceRow): Promise<void> {
    const instance = row.instance;
    if (!instance || this.busyWith(row) || this.openDialog) return;
    const { InstanceSnapshotsDialog } = await import('./instance-snapshots-dialog');
    this.showDialog(InstanceSnapshotsDialog, instance, 'restored');
  }

  protected async openSettings(row: InstanceRow): Promise<void> {
    const instance = row.instance;
    if (!instance || this.busyWith(row) || this.openDialog) return;
    const { InstanceSettingsDialog } = await import('./instance-settings-dialog');
    this.showDialog(InstanceSettingsDialog, instance, 'changed');
  }

  /**
   * A dialog of one instance, created beside the list (a modal <dialog>, so
   * where does not matter) from a dynamic import rather than @defer or a
   * template: its code, and Angular's deferred-loading code, stay out of
   * every page's first download.
   */
  private showDialog(dialog: Type<InstanceDialog>, instance: ClusterInstance, changedOutput: 'restored' | 'changed'): void {
    // Its code arrived after the page was left, or after another dialog opened meanwhile.
    if (this.openDialog || this.destroyed) return;
    const key = keyOf(instance);
    const ref = this.viewContainer.createComponent(dialog);
    // The instance as listed now (started or stopped meanwhile), as long as it is listed.
    const current = computed(() => this.store.instances().find((listed) => keyOf(listed) === key) ?? instance);
    ref.setInput('instance', current());
    const follow = effect(() => ref.setInput('instance', current()), { injector: this.injector });
    ref.instance.closed.subscribe(() => this.closeDialog());
    ref.instance[changedOutput]?.subscribe((details) => this.store.replace(details.name, details));
    ref.onDestroy(() => follow.destroy());
    this.openDialog = ref;
  }

  private closeDialog(): void {
    this.openDialog?.destroy();
    this.openDialog = null;
  }

  /** What the row is busy with: a change on its way, or an operation running on it. */
  protected busyWith(row: InstanceRow): OperationAction | undefined {
    return this.sending().get(row.key) ?? row.operation?.action;
  }

  protected canStartOrStop(row: InstanceRow): boolean {
    const state = row.instance?.state;
    return !this.busyWith(row) && (state === 'RUNNING' || state === 'STOPPED');
  }

  protected canRename(row: InstanceRow): boolean {
    return !!row.instance && !this.busyWith(row) && this.renaming()?.key !== row.key;
  }

  protected canDelete(row: InstanceRow): boolean {
    return !!row.instance && !this.busyWith(row);
  }

  protected startOrStop(row: InstanceRow): void {
    const instance = row.instance;
    if (!instance || !this.canStartOrStop(row)) return;
    const action = instance.state === 'RUNNING' ? 'stop' : 'start';
    void this.run(row, action, () => this.api.actOnInstance(instance.nodeId, instance.name, action));
  }

  protected beginRename(row: InstanceRow): void {
    if (this.canRename(row)) this.renaming.set({ key: row.key, name: row.name });
  }

  /** Cancel, Escape or nothing to change: the form goes and its row's Rename button has focus again. */
  protected endRename(row: InstanceRow): void {
    this.renaming.set(null);
    this.focusTarget.set({ key: row.key, control: 'rename' });
  }

  protected renameInput(value: string): void {
    this.renaming.update((renaming) => (renaming ? { ...renaming, name: value } : renaming));
  }

  protected saveRename(row: InstanceRow, event: Event): void {
    event.preventDefault();
    const newName = this.renaming()?.name.trim() ?? '';
    if (newName === row.name) {
      this.endRename(row);
      return;
    }
    void this.run(row, 'rename', () => this.api.renameInstance(row.nodeId, row.name, newName), {
      newName,
      succeeded: (operation) => {
        this.renaming.set(null);
        this.focusTarget.set({ key: keyOf(operation.result ?? { nodeId: row.nodeId, name: newName }), control: 'rename' });
      },
    });
  }

  protected askToDelete(row: InstanceRow): void {
    if (row.instance && this.canDelete(row)) this.confirmingDelete.set(row.instance);
  }

  protected confirmDelete(): void {
    const instance = this.confirmingDelete();
    if (!instance) return;
    this.confirmingDelete.set(null);
    const row = this.rows().find((candidate) => candidate.key === keyOf(instance));
    if (!row) return;
    void this.run(row, 'delete', () => this.api.deleteInstance(instance.nodeId, instance.name, instance.state !== 'STOPPED'));
  }

  /** The create dialog's create was accepted: its row shows at once, then what became of it. */
  protected createAccepted(operation: Operation): void {
    this.creating.set(false);
    const key = operationKey(operation);
    this.forgetRow(key);
    this.follow(key, operation, {
      failed: (outcome) => {
        if (!this.store.instances().some((instance) => keyOf(instance) === key)) {
          this.failedCreates.update((failed) => new Map(failed).set(key, outcome));
        }
      },
    });
  }

  /** A failed create's row goes; focus goes to the row now in its place. */
  protected dismiss(row: InstanceRow): void {
    this.forgetRow(row.key);
  }

  protected noteFocus(event: FocusEvent): void {
    const target = event.target as Element;
    // A dialog opened from a row (the delete confirmation) belongs to that row: the row may go while it closes.
    if (target.closest('dialog')) return;
    const row = target.closest<HTMLElement>('tr[data-key]');
    const index = row ? this.rowElements().indexOf(row) : -1;
    this.focusedRow = row && index >= 0 ? { key: row.dataset['key']!, index } : null;
  }

  private rowElements(): HTMLElement[] {
    return [...this.host.querySelectorAll<HTMLElement>('tr[data-key]')];
  }

  /** After a render of the rows: puts focus where it belongs if what had it is gone (see the class comment). */
  private keepFocus(target: { key: string; control: RowControl } | null): void {
    if (target) this.focusTarget.set(null);
    const active = this.document.activeElement;
    if (active && active !== this.document.body && active !== this.placedFocus) return;
    const rows = this.rowElements();
    const rowOf = (key: string) => rows.find((row) => row.dataset['key'] === key);
    const control = target && rowOf(target.key)?.querySelector<HTMLElement>(`[data-testid="${target.control}"]`);
    if (control) {
      this.placeFocus(control);
      return;
    }
    const last = this.focusedRow;
    if (!last || rowOf(last.key)) return;
    const inItsPlace = rows[Math.min(last.index, rows.length - 1)];
    this.placeFocus(inItsPlace ?? this.host.querySelector<HTMLElement>('[data-testid="new-instance"]')!);
  }

  private placeFocus(element: HTMLElement): void {
    element.focus();
    this.placedFocus = element;
  }

  /**
   * One change of a row: sent, and once the manager accepted it (at once),
   * followed as an operation; a refusal, at once or as the operation's end,
   * stays beside the row.
   */
  private async run(
    row: InstanceRow,
    action: OperationAction,
    send: () => Promise<Operation>,
    options: { newName?: string; succeeded?: (operation: Operation) => void } = {},
  ): Promise<void> {
    const { key } = row;
    if (this.busyWith(row)) return;
    this.sending.update((sending) => new Map(sending).set(key, action));
    this.forgetRow(key);
    let operation: Operation;
    try {
      operation = await send();
    } catch (error) {
      const message = describeFailure(error);
      this.rowErrors.update((errors) => new Map(errors).set(key, message));
      this.announcement.set({ text: `Could not ${action} "${row.name}": ${message}`, failed: true });
      return;
    } finally {
      this.sending.update((sending) => {
        const next = new Map(sending);
        next.delete(key);
        return next;
      });
    }
    this.follow(key, operation, { newName: options.newName, succeeded: options.succeeded });
  }

  /** Shows an accepted operation on its row until it ends, and says how it went. */
  private follow(
    key: string,
    operation: Operation,
    then: { newName?: string; succeeded?: (operation: Operation) => void; failed?: (operation: Operation) => void },
  ): void {
    const ended = this.operations.follow(operation);
    this.announcement.set({ text: acceptedText(operation, then.newName), failed: false });
    void ended.then((outcome) => {
      const failed = outcome.status !== 'succeeded';
      if (failed) {
        this.rowErrors.update((errors) => new Map(errors).set(key, failureOf(outcome)));
        then.failed?.(outcome);
      } else {
        this.store.applyOutcome(outcome);
        then.succeeded?.(outcome);
      }
      this.announcement.set({ text: outcomeText(outcome), failed });
    });
  }

  /** The row's error and a failed create's row go (a new change of it starts afresh). */
  private forgetRow(key: string): void {
    const without = <T>(map: ReadonlyMap<string, T>) => {
      if (!map.has(key)) return map;
      const next = new Map(map);
      next.delete(key);
      return next;
    };
    this.rowErrors.update(without);
    this.failedCreates.update(without);
  }
}
