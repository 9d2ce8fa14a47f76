import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { EventLogRepository } from '../events/event-log.repository.js';
import { UsageHistoryRepository } from '../history/usage-history.repository.js';
import { DatabaseHealth } from '../storage/database-health.js';

export const RETENTION_INTERVAL = 'retention';
/** How often old history and events are deleted; also done once at start-up. */
export const RETENTION_SWEEP_MS = 10 * 60 * 1000;

export interface RetentionOutcome {
  historyPointsDeleted: number;
  eventsDeleted: number;
}

/** Keeps the database small: usage history for HISTORY_RETENTION_HOURS, the newest EVENT_RETENTION_COUNT events. */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly history: UsageHistoryRepository,
    private readonly events: EventLogRepository,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
    private readonly database: DatabaseHealth,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(RETENTION_INTERVAL, setInterval(() => this.sweepSafely(), RETENTION_SWEEP_MS));
    this.sweepSafely();
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', RETENTION_INTERVAL)) this.scheduler.deleteInterval(RETENTION_INTERVAL);
  }

  sweep(): RetentionOutcome {
    const cutoff = new Date(this.clock.now().getTime() - this.settings.HISTORY_RETENTION_HOURS * 3_600_000);
    return this.database.write(() => ({
      historyPointsDeleted: this.history.deleteOlderThan(cutoff),
      eventsDeleted: this.events.keepNewest(this.settings.EVENT_RETENTION_COUNT),
    }));
  }

  private sweepSafely(): void {
    try {
      const outcome = this.sweep();
      if (outcome.historyPointsDeleted + outcome.eventsDeleted > 0) {
        this.logger.log(
          `Deleted ${outcome.historyPointsDeleted} usage points older than ${this.settings.HISTORY_RETENTION_HOURS} h ` +
            `and ${outcome.eventsDeleted} events beyond the newest ${this.settings.EVENT_RETENTION_COUNT}`,
        );
      }
    } catch (error) {
      this.logger.error(`Could not delete old history and events: ${(error as Error).message}`);
    }
  }
}
