import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { isInstanceName, MAX_INSTANCE_SNAPSHOTS, type SnapshotDto } from '@tinystack/contracts';
import { LxcDriver, LxcError, describeLxcFailure, type ContainerSnapshot } from '@tinystack/lxc-driver';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceLocks, type InstanceChangeAction } from './instance-locks.js';
import { InstanceSettings } from './instance-settings.service.js';

/**
 * Snapshots of an instance (lxc-snapshot). The name a user gives is kept as
 * the snapshot's comment; LXC's own snapN is what a snapshot made outside
 * TinyStack (without a name for a comment) is shown as. Every change holds the
 * instance's lock, like the other changes of it.
 */
@Injectable()
export class InstanceSnapshots {
  private readonly logger = new Logger('Instances');

  constructor(
    private readonly driver: LxcDriver,
    private readonly locks: InstanceLocks,
    private readonly inventory: InstanceInventory,
    private readonly instanceSettings: InstanceSettings,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
  ) {}

  async list(id: string): Promise<SnapshotDto[]> {
    this.inventory.assertLxcAvailable();
    await this.driver.get(id);
    return (await this.driver.listSnapshots(id)).map(toSnapshotDto);
  }

  async create(id: string, name: string): Promise<SnapshotDto> {
    this.inventory.assertLxcAvailable();
    return this.changing(id, 'snapshot', `"${name}"`, async () => {
      const existing = await this.driver.listSnapshots(id);
      if (existing.some((snapshot) => toSnapshotDto(snapshot).name === name)) {
        throw new ConflictException(`instance "${id}" already has a snapshot named "${name}": choose another name, or delete that one`);
      }
      if (existing.length >= MAX_INSTANCE_SNAPSHOTS) {
        throw new ConflictException(`instance "${id}" has ${existing.length} snapshots, the most it may have: delete one first`);
      }
      return toSnapshotDto(await this.driver.createSnapshot(id, name));
    });
  }

  /** Restores a stopped instance; a running one only with stopFirst (stopped, restored, started again). */
  async restore(id: string, name: string, stopFirst: boolean): Promise<void> {
    this.inventory.assertLxcAvailable();
    await this.changing(id, 'restore', `from "${name}"${stopFirst ? ' (stopping it first)' : ''}`, async () => {
      const snapshot = await this.find(id, name);
      const wasRunning = (await this.driver.get(id)).state !== 'STOPPED';
      if (wasRunning && !stopFirst) {
        throw new ConflictException(`instance "${id}" is running: stop it first, or pass stopFirst: true to stop it, restore and start it again`);
      }
      if (wasRunning) await this.driver.stop(id, { force: false, timeoutSeconds: this.settings.LXC_STOP_TIMEOUT_S });
      await this.driver.restoreSnapshot(id, snapshot.lxcName);
      this.instanceSettings.applied(id);
      if (wasRunning) await this.driver.start(id);
      // Recorded before the lock is let go, as a start is: an exec sent on the answer reads the inventory, which may
      // have read the list while the instance was stopped for the restore (and a read begun then is not applied).
      this.inventory.record(await this.driver.get(id));
    });
  }

  async remove(id: string, name: string): Promise<void> {
    this.inventory.assertLxcAvailable();
    await this.changing(id, 'snapshot', `delete "${name}"`, async () => {
      const snapshot = await this.find(id, name);
      await this.driver.deleteSnapshot(id, snapshot.lxcName);
    });
  }

  private async find(id: string, name: string): Promise<ContainerSnapshot> {
    const snapshot = (await this.driver.listSnapshots(id)).find((candidate) => toSnapshotDto(candidate).name === name);
    if (snapshot === undefined) throw new NotFoundException(`instance "${id}" has no snapshot named "${name}"`);
    return snapshot;
  }

  /** Under the instance's lock, logged with its outcome; the list is re-read after. */
  private async changing<T>(id: string, action: InstanceChangeAction, detail: string, change: () => Promise<T>): Promise<T> {
    return this.locks.run([id], action, async () => {
      const started = performance.now();
      try {
        const result = await change();
        this.logger.log(`${action} "${id}" ${detail}: done in ${Math.round(performance.now() - started)} ms`);
        return result;
      } catch (error) {
        const reason = error instanceof LxcError ? describeLxcFailure(error) : (error as Error).message;
        this.logger.warn(`${action} "${id}" ${detail}: failed: ${reason}`);
        throw error;
      } finally {
        setImmediate(() => void this.inventory.refresh());
      }
    });
  }
}

/** The user's name (the comment) when it is one, else LXC's own snapN. */
function toSnapshotDto(snapshot: ContainerSnapshot): SnapshotDto {
  const comment = snapshot.comment?.trim() ?? '';
  return { name: isInstanceName(comment) ? comment : snapshot.lxcName, createdAt: snapshot.createdAt, sizeBytes: snapshot.sizeBytes };
}
