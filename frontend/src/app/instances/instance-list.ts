import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeFailure } from '../api/api-error';
import { ManagerApi } from '../api/manager-api';
import type { ClusterInstance, CreatedInstance } from '../api/manager-api.types';
import { FocusOnRender } from '../dialog/focus-on-render';
import { ModalDialog } from '../dialog/modal-dialog';
import { NodesStore } from '../nodes/nodes-store';
import { CreateInstanceDialog } from './create-instance-dialog';
import { InstancesStore } from './instances-store';
import { describePlacement } from './placement-text';

/** What a row's running action is, shown on its button while it runs. */
type Pending = 'start' | 'stop' | 'rename' | 'delete';

interface Announcement {
  text: string;
  failed: boolean;
}

const keyOf = (instance: { nodeId: string; name: string }) => `${instance.nodeId}/${instance.name}`;

/** The paper's instance list: every instance of every node, with start/stop, rename and delete. */
@Component({
  selector: 'ts-instance-list',
  imports: [RouterLink, ModalDialog, FocusOnRender, CreateInstanceDialog],
  templateUrl: './instance-list.html',
  styleUrl: './instance-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InstanceList {
  private readonly api = inject(ManagerApi);
  protected readonly store = inject(InstancesStore);
  protected readonly nodes = inject(NodesStore);

  protected readonly pending = signal<ReadonlyMap<string, Pending>>(new Map());
  protected readonly rowErrors = signal<ReadonlyMap<string, string>>(new Map());
  /** The row whose name is being edited, and the name typed so far. */
  protected readonly renaming = signal<{ key: string; name: string } | null>(null);
  protected readonly confirmingDelete = signal<ClusterInstance | null>(null);
  protected readonly creating = signal(false);
  protected readonly announcement = signal<Announcement | null>(null);

  protected readonly keyOf = keyOf;

  constructor() {
    void this.store.load();
    void this.nodes.load();
  }

  protected pendingOf(instance: ClusterInstance): Pending | undefined {
    return this.pending().get(keyOf(instance));
  }

  protected startOrStop(instance: ClusterInstance): Promise<void> {
    const action = instance.state === 'RUNNING' ? 'stop' : 'start';
    return this.run(instance, action, async () => {
      const details = await this.api.actOnInstance(instance.nodeId, instance.name, action);
      this.store.replace(instance.name, details);
      return `${action === 'start' ? 'Started' : 'Stopped'} "${instance.name}" on "${instance.nodeName}" (now ${details.state}).`;
    });
  }

  protected beginRename(instance: ClusterInstance): void {
    this.renaming.set({ key: keyOf(instance), name: instance.name });
  }

  protected renameInput(value: string): void {
    this.renaming.update((renaming) => (renaming ? { ...renaming, name: value } : renaming));
  }

  protected async saveRename(instance: ClusterInstance, event: Event): Promise<void> {
    event.preventDefault();
    const newName = this.renaming()?.name.trim() ?? '';
    if (newName === instance.name) {
      this.renaming.set(null);
      return;
    }
    await this.run(instance, 'rename', async () => {
      const details = await this.api.renameInstance(instance.nodeId, instance.name, newName);
      this.renaming.set(null);
      this.store.replace(instance.name, details);
      return `Renamed "${instance.name}" to "${details.name}" on "${instance.nodeName}".`;
    });
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
