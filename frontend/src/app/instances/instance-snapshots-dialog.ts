import { ChangeDetectionStrategy, Component, afterNextRender, inject, input, output, signal } from '@angular/core';
import { ApiError, describeFailure } from '../api/api-error';
import { describedBy, formErrorsOf, NO_FORM_ERRORS, type FormErrors } from '../api/form-errors';
import type { ClusterInstance } from '../api/manager-api.types';
import { ModalDialog } from '../dialog/modal-dialog';
import { formatCreated, formatSize } from '../images/image-text';
import { InstanceAccessApi, type InstanceDetails, type Snapshot } from './instance-access-api';

type SnapshotField = 'name';
const FIELDS: readonly SnapshotField[] = ['name'];

/** A name taken already ("Snapshot "clean" … exists") is about the name typed. */
function fieldOfRefusal(message: string, status: number): SnapshotField | null {
  return status === 409 && /exists|already/i.test(message) ? 'name' : null;
}

/**
 * The snapshots of one instance: each with when it was taken, Restore and
 * Delete, and a form to take one more. Restoring a running instance asks
 * first, offering "stop, restore and start again" (stopFirst); the manager's
 * refusal of a restore because it runs (409) asks the same. What happened is
 * said in the live region; a refused name shows beside the field. Loaded only
 * when opened (the list defers it).
 */
@Component({
  selector: 'ts-instance-snapshots-dialog',
  imports: [ModalDialog],
  templateUrl: './instance-snapshots-dialog.html',
  styleUrl: './instance-snapshots-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InstanceSnapshotsDialog {
  private readonly api = inject(InstanceAccessApi);

  readonly instance = input.required<ClusterInstance>();
  readonly closed = output<void>();
  /** A restore ended: the instance as it is now (its config is the snapshot's). */
  readonly restored = output<InstanceDetails>();

  protected readonly snapshots = signal<readonly Snapshot[] | null>(null);
  protected readonly readError = signal<string | null>(null);
  protected readonly name = signal('');
  protected readonly taking = signal(false);
  /** The snapshot being restored or deleted. */
  protected readonly working = signal<string | null>(null);
  /** The snapshot whose restore waits for "stop, restore and start again". */
  protected readonly confirmingRestore = signal<string | null>(null);
  protected readonly errors = signal<FormErrors<SnapshotField>>(NO_FORM_ERRORS);
  protected readonly announcement = signal<{ text: string; failed: boolean } | null>(null);
  protected readonly describedBy = describedBy;
  protected readonly created = formatCreated;
  protected readonly size = formatSize;

  constructor() {
    afterNextRender(() => void this.reload());
  }

  private async reload(): Promise<void> {
    const { nodeId, name } = this.instance();
    try {
      this.snapshots.set(await this.api.listSnapshots(nodeId, name));
      this.readError.set(null);
    } catch (error) {
      this.readError.set(describeFailure(error));
    }
  }

  protected async take(event: Event): Promise<void> {
    event.preventDefault();
    if (this.taking()) return;
    this.taking.set(true);
    this.errors.set(NO_FORM_ERRORS);
    const { nodeId, name } = this.instance();
    try {
      const snapshot = await this.api.takeSnapshot(nodeId, name, this.name().trim());
      this.name.set('');
      this.snapshots.update((snapshots) => [...(snapshots ?? []).filter((other) => other.name !== snapshot.name), snapshot]);
      this.announcement.set({ text: `Took snapshot "${snapshot.name}" of "${name}".`, failed: false });
    } catch (error) {
      const errors = formErrorsOf(error, FIELDS, fieldOfRefusal);
      this.errors.set(errors);
      this.announcement.set({ text: `No snapshot taken: ${errors.fields.name ?? errors.form}`, failed: true });
    } finally {
      this.taking.set(false);
    }
  }

  /** A stopped instance is restored at once; a running one asks first. */
  protected askToRestore(snapshot: Snapshot): void {
    if (this.working()) return;
    if (this.instance().state === 'STOPPED') void this.restore(snapshot.name, false);
    else this.confirmingRestore.set(snapshot.name);
  }

  protected async restore(snapshot: string, stopFirst: boolean): Promise<void> {
    if (this.working()) return;
    this.working.set(snapshot);
    this.confirmingRestore.set(null);
    const { nodeId, name } = this.instance();
    if (stopFirst) this.announcement.set({ text: `Stopping "${name}", restoring "${snapshot}" and starting it again…`, failed: false });
    try {
      const details = await this.api.restoreSnapshot(nodeId, name, snapshot, stopFirst);
      this.restored.emit(details);
      this.announcement.set({ text: `Restored "${name}" to snapshot "${snapshot}" (now ${details.state}).`, failed: false });
    } catch (error) {
      // Started meanwhile (elsewhere): the same question as for a running one.
      if (!stopFirst && error instanceof ApiError && error.status === 409 && /running|stop/i.test(error.message)) {
        this.confirmingRestore.set(snapshot);
      }
      this.announcement.set({ text: `Could not restore "${snapshot}": ${describeFailure(error)}`, failed: true });
    } finally {
      this.working.set(null);
    }
  }

  protected async remove(snapshot: Snapshot): Promise<void> {
    if (this.working()) return;
    this.working.set(snapshot.name);
    const { nodeId, name } = this.instance();
    try {
      await this.api.deleteSnapshot(nodeId, name, snapshot.name);
      this.snapshots.update((snapshots) => (snapshots ?? []).filter((other) => other.name !== snapshot.name));
      this.announcement.set({ text: `Deleted snapshot "${snapshot.name}" of "${name}".`, failed: false });
    } catch (error) {
      this.announcement.set({ text: `Could not delete "${snapshot.name}": ${describeFailure(error)}`, failed: true });
    } finally {
      this.working.set(null);
    }
  }
}
