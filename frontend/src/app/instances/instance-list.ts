import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  Injector,
  afterNextRender,
  effect,
  inject,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ClusterInstance, CreatedInstance } from '../api/manager-api.types';
import { FocusOnRender } from '../dialog/focus-on-render';
import { ModalDialog } from '../dialog/modal-dialog';
import { NodesStore } from '../nodes/nodes-store';
import { Session } from '../session/session';
import { CreateInstanceDialog } from './create-instance-dialog';
import { InstancesStore } from './instances-store';
import { describePlacement } from './placement-text';

/** What a row's running action is, shown on its button while it runs. */
type Pending = 'start' | 'stop' | 'rename' | 'delete';

/** A row's buttons, by their data-testid. */
type RowControl = 'start-stop' | 'rename' | 'delete';

interface Announcement {
  text: string;
  failed: boolean;
}

const keyOf = (instance: { nodeId: string; name: string }) => `${instance.nodeId}/${instance.name}`;

/**
 * The paper's instance list: every instance of every node, with start/stop,
 * rename and delete. Focus never falls to the page: a row's buttons stay
 * focusable while their action runs, a finished rename focuses the renamed
 * row's Rename button, and when the row that had focus goes (deleted here or
 * elsewhere) the row now in its place, or else "New instance", takes it.
 */
@Component({
  selector: 'ts-instance-list',
  imports: [RouterLink, ModalDialog, FocusOnRender, CreateInstanceDialog],
  templateUrl: './instance-list.html',
  styleUrl: './instance-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(focusin)': 'noteFocus($event)' },
})
export class InstanceList {
  private readonly api = inject(ManagerApi);
  protected readonly store = inject(InstancesStore);
  protected readonly nodes = inject(NodesStore);
  /** A teacher (admin) sees everyone's instances, with their owner; a member sees their own only. */
  protected readonly isAdmin = inject(Session).isAdmin;

  protected readonly pending = signal<ReadonlyMap<string, Pending>>(new Map());
  protected readonly rowErrors = signal<ReadonlyMap<string, string>>(new Map());
  /** The row whose name is being edited, and the name typed so far. */
  protected readonly renaming = signal<{ key: string; name: string } | null>(null);
  protected readonly confirmingDelete = signal<ClusterInstance | null>(null);
  protected readonly creating = signal(false);
  protected readonly announcement = signal<Announcement | null>(null);

  protected readonly keyOf = keyOf;

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
    const injector = inject(Injector);
    effect(() => {
      this.store.instances();
      const target = this.focusTarget();
      afterNextRender(() => this.keepFocus(target), { injector });
    });
  }

  protected pendingOf(instance: ClusterInstance): Pending | undefined {
    return this.pending().get(keyOf(instance));
  }

  protected canStartOrStop(instance: ClusterInstance): boolean {
    return !this.pendingOf(instance) && (instance.state === 'RUNNING' || instance.state === 'STOPPED');
  }

  protected canRename(instance: ClusterInstance): boolean {
    return !this.pendingOf(instance) && this.renaming()?.key !== keyOf(instance);
  }

  protected startOrStop(instance: ClusterInstance): Promise<void> {
    if (!this.canStartOrStop(instance)) return Promise.resolve();
    const action = instance.state === 'RUNNING' ? 'stop' : 'start';
    return this.run(instance, action, async () => {
      const details = await this.api.actOnInstance(instance.nodeId, instance.name, action);
      this.store.replace(instance.name, details);
      return `${action === 'start' ? 'Started' : 'Stopped'} "${instance.name}" on "${instance.nodeName}" (now ${details.state}).`;
    });
  }

  protected beginRename(instance: ClusterInstance): void {
    if (this.canRename(instance)) this.renaming.set({ key: keyOf(instance), name: instance.name });
  }

  /** Cancel, Escape or nothing to change: the form goes and its row's Rename button has focus again. */
  protected endRename(instance: ClusterInstance): void {
    this.renaming.set(null);
    this.focusTarget.set({ key: keyOf(instance), control: 'rename' });
  }

  protected renameInput(value: string): void {
    this.renaming.update((renaming) => (renaming ? { ...renaming, name: value } : renaming));
  }

  protected async saveRename(instance: ClusterInstance, event: Event): Promise<void> {
    event.preventDefault();
    const newName = this.renaming()?.name.trim() ?? '';
    if (newName === instance.name) {
      this.endRename(instance);
      return;
    }
    await this.run(instance, 'rename', async () => {
      const details = await this.api.renameInstance(instance.nodeId, instance.name, newName);
      this.renaming.set(null);
      this.focusTarget.set({ key: keyOf(details), control: 'rename' });
      this.store.replace(instance.name, details);
      return `Renamed "${instance.name}" to "${details.name}" on "${instance.nodeName}".`;
    });
  }

  protected askToDelete(instance: ClusterInstance): void {
    if (!this.pendingOf(instance)) this.confirmingDelete.set(instance);
  }

  protected async confirmDelete(): Promise<void> {
    const instance = this.confirmingDelete();
    if (!instance) return;
    this.confirmingDelete.set(null);
    await this.run(instance, 'delete', async () => {
      await this.api.deleteInstance(instance.nodeId, instance.name, instance.state !== 'STOPPED');
      this.store.remove(instance.nodeId, instance.name);
      return `Deleted "${instance.name}" on "${instance.nodeName}".`;
    });
  }

  protected created(instance: CreatedInstance): void {
    this.creating.set(false);
    this.announcement.set({
      text: `Created "${instance.name}" on "${instance.nodeName}" (${instance.state}).${describePlacement(instance)}`,
      failed: false,
    });
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

  /** One action on a row: its button shows progress, the result is announced, a failure stays on the row. */
  private async run(instance: ClusterInstance, action: Pending, perform: () => Promise<string>): Promise<void> {
    const key = keyOf(instance);
    if (this.pending().has(key)) return;
    this.pending.update((pending) => new Map(pending).set(key, action));
    this.rowErrors.update((errors) => {
      const next = new Map(errors);
      next.delete(key);
      return next;
    });
    try {
      this.announcement.set({ text: await perform(), failed: false });
    } catch (error) {
      const message = describeFailure(error);
      this.rowErrors.update((errors) => new Map(errors).set(key, message));
      this.announcement.set({ text: `Could not ${action} "${instance.name}": ${message}`, failed: true });
    } finally {
      this.pending.update((pending) => {
        const next = new Map(pending);
        next.delete(key);
        return next;
      });
    }
  }
}
