import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ReadinessCheckDto } from '@tinystack/contracts';
import { LxcDriver } from '@tinystack/lxc-driver';
import { ProcReader } from '@tinystack/resource-sampler';
import { NodeCondition } from '../condition/node-condition.service.js';
import { ComputeSettings } from '../config/compute.settings.js';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { LedChipConnection } from '../led/led-chip.connection.js';
import { Ticker } from '../timing/ticker.js';
import { HostSystem } from '../host/host-system.js';
import type { CheckContext } from './readiness-check.js';
import { READINESS_CHECKS } from './readiness-checks.js';

/**
 * Checks what a board needs (READINESS_CHECKS) at start-up, before the node
 * answers, and every READINESS_INTERVAL_MS; keeps the results for GET /health
 * and the LED matrix's not-ready pattern. A failed check is logged once as a
 * warning with its fix, and again only when it passes or fails differently.
 */
@Injectable()
export class ReadinessService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Readiness');
  private results: ReadinessCheckDto[] = [];
  private running: Promise<ReadinessCheckDto[]> | null = null;
  private runs = 0;
  private stopTimer: (() => void) | null = null;

  constructor(
    private readonly files: ProcReader,
    private readonly host: HostSystem,
    @Inject(ComputeSettings) private readonly settings: ComputeSettings,
    private readonly inventory: InstanceInventory,
    private readonly driver: LxcDriver,
    private readonly led: LedChipConnection,
    private readonly condition: NodeCondition,
    private readonly ticker: Ticker,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
    this.stopTimer = this.ticker.every(this.settings.READINESS_INTERVAL_MS, () => void this.run());
  }

  onModuleDestroy(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /** The latest results, in READINESS_CHECK_NAMES order. */
  checks(): ReadinessCheckDto[] {
    return this.results;
  }

  /** Every check passed in the latest run. */
  ready(): boolean {
    return this.results.length > 0 && this.results.every((check) => check.ok);
  }

  /** Runs every check now (a run already going is shared) and answers the results. */
  run(): Promise<ReadinessCheckDto[]> {
    this.running ??= this.runAll().finally(() => (this.running = null));
    return this.running;
  }

  private async runAll(): Promise<ReadinessCheckDto[]> {
    const atStartUp = this.runs === 0;
    this.runs += 1;
    const context: CheckContext = {
      files: this.files,
      host: this.host,
      settings: this.settings,
      lxc: {
        // At start-up the inventory has just asked; later runs ask again, which also notices LXC installed since.
        availability: () => (atStartUp ? Promise.resolve(this.inventory.lxcStatus()) : this.inventory.recheckAvailability()),
        lxcPath: () => this.driver.lxcPath(),
      },
      led: () => this.led.status(),
    };
    const results: ReadinessCheckDto[] = [];
    for (const check of READINESS_CHECKS) {
      try {
        results.push({ name: check.name, ...(await check.run(context)) });
      } catch (error) {
        results.push({ name: check.name, ok: false, detail: `the check itself failed: ${(error as Error).message}`, fix: 'report this as a TinyStack bug, with the log' });
      }
    }
    this.report(this.results, results);
    this.results = results;
    this.condition.recordChecks(results);
    return results;
  }

  private report(before: readonly ReadinessCheckDto[], after: readonly ReadinessCheckDto[]): void {
    for (const check of after) {
      const previous = before.find((earlier) => earlier.name === check.name);
      if (!check.ok && (previous === undefined || previous.ok || previous.detail !== check.detail)) {
        this.logger.warn(`Not ready: ${check.name}: ${check.detail}. To fix: ${check.fix}`, { check: check.name, result: 'failed' });
      } else if (check.ok && previous !== undefined && !previous.ok) {
        this.logger.log(`${check.name} passes again: ${check.detail}`, { check: check.name, result: 'passed' });
      }
    }
    const ready = after.every((check) => check.ok);
    if (before.length === 0 && ready) this.logger.log(`Ready: all ${after.length} readiness checks pass`);
    else if (before.length > 0 && ready && !before.every((check) => check.ok)) this.logger.log(`Ready: all ${after.length} readiness checks pass again`);
  }
}
