import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Board } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { ManagerSettings } from '../config/manager.settings.js';

export const NODE_POLLING_INTERVAL = 'node-polling';

/**
 * Every POLL_INTERVAL_MS, polls every board at once (each call bounded by
 * POLL_TIMEOUT_MS, on the board's poll lane). A board whose previous poll is
 * still running skips this one, so a slow node never piles up requests and
 * never delays the others.
 */
@Injectable()
export class NodePoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Polling');

  constructor(
    private readonly registry: BoardRegistry,
    private readonly scheduler: SchedulerRegistry,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(NODE_POLLING_INTERVAL, setInterval(() => this.pollAll(), this.settings.POLL_INTERVAL_MS));
    // Nodes loaded from the database are PENDING: find out now rather than one interval later.
    this.pollAll();
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', NODE_POLLING_INTERVAL)) this.scheduler.deleteInterval(NODE_POLLING_INTERVAL);
  }

  pollAll(): void {
    for (const board of this.registry.all()) void this.poll(board);
  }

  private async poll(board: Board): Promise<void> {
    try {
      await board.poll();
    } catch (error) {
      this.logger.error(`Poll of "${board.name}" could not be applied: ${(error as Error).stack ?? String(error)}`);
    }
  }
}
