import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InstanceAction } from '@tinystack/contracts';
import { InstanceInventory } from './instance-inventory.service.js';
import { InstanceSettings } from './instance-settings.service.js';
import { InstancesService } from './instances.service.js';

/**
 * Starts the stopped instances whose autostart is on once the node is up: a
 * board back from a power cut runs its labs again. LXC's own lxc-autostart
 * runs only from the lxc service, for /var/lib/lxc; the node's lxcpath is its own.
 * In the background, one at a time: the API answers meanwhile.
 */
@Injectable()
export class InstanceAutostart implements OnApplicationBootstrap {
  private readonly logger = new Logger('Instances');
  /** Settles once every autostart instance was started (or failed to): for tests and the log. */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly inventory: InstanceInventory,
    private readonly instanceSettings: InstanceSettings,
    private readonly instances: InstancesService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.inventory.lxcStatus().available) return;
    this.done = this.startAll().catch((error: unknown) => this.logger.error(`Autostart failed: ${(error as Error).message}`));
  }

  private async startAll(): Promise<void> {
    for (const container of this.inventory.list()) {
      if (container.state !== 'STOPPED') continue;
      const { autostart } = await this.instanceSettings.readOrNone(container.name);
      if (!autostart) continue;
      try {
        await this.instances.act(container.name, { action: InstanceAction.START });
        this.logger.log(`Started "${container.name}" at node start-up (autostart)`);
      } catch (error) {
        this.logger.warn(`Could not start "${container.name}" at node start-up (autostart): ${(error as Error).message}`);
      }
    }
  }
}
