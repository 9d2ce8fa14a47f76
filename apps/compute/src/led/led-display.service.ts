import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  LED_IDENTIFY_DEFAULT_SECONDS,
  type LedMountingDto,
  type LedRowLegendDto,
  type LedStatusDto,
  type UpdateLedDto,
} from '@tinystack/contracts';
import { READINESS_LED_COLUMNS } from '@tinystack/contracts';
import {
  BLANK_FRAME,
  FRAME_SIZE,
  composeFrame,
  frameFromPicture,
  ledRowLegend,
  type BlinkRate,
  type Frame,
  type ManagerLink,
} from '@tinystack/led-matrix';
import type { Subscription } from 'rxjs';
import { ResourceSampler, type ResourceSample } from '@tinystack/resource-sampler';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { LedChipConnection, type ChipPicture } from './led-chip.connection.js';
import { LedClock } from './led.clock.js';
import { LED_OPTIONS, type LedOptions } from './led.options.js';
import { NodeCondition } from '../condition/node-condition.service.js';
import { Ticker } from '../timing/ticker.js';
import { ManagerPolls } from './manager-polls.service.js';
import { TerminalSessions } from '../terminal/terminal-sessions.service.js';

/** Identify: every LED lit, the whole display blinking at the chip's fastest rate. */
export const IDENTIFY_FRAME: Frame = Object.freeze(new Array<number>(FRAME_SIZE).fill(0xff));
export const IDENTIFY_BLINK: BlinkRate = '2Hz';

/**
 * A terminal session opened on this board: a shell prompt, ">_", steady. No
 * bar can look like it (bars start at the left edge), nor can identify (all
 * lit, blinking) or the not-ready checkerboard.
 */
export const TERMINAL_OPENED_FRAME: Frame = Object.freeze(
  frameFromPicture([
    '........',
    '.#......',
    '..#.....',
    '...#....',
    '..#.....',
    '.#......',
    '........',
    '....###.',
  ]),
);
/** How long the prompt stays after a session opens; another session opening restarts the count. */
export const TERMINAL_OPENED_MS = 2000;

/**
 * Draws the node's load on the LED matrix. Every LED_INTERVAL_MS it composes a
 * frame from the sampler's and the inventory's caches (nothing is read or run per
 * redraw) and hands it to the chip connection, which sends it only when it
 * differs from what the chip shows.
 */
@Injectable()
export class LedDisplayService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly legend: LedRowLegendDto[];
  private readonly mounting: LedMountingDto;
  private tick = 0;
  private composed: Frame = BLANK_FRAME;
  private composedAt: Date;
  private brightness: number;
  private blink: BlinkRate = 'off';
  /** Set while identifying; cleared by the first redraw at or after it. */
  private identifyUntilMs: number | null = null;
  /** Set when a terminal session opens; cleared like identify. */
  private terminalUntilMs: number | null = null;
  private terminalOpenings: Subscription | null = null;
  private lastSample: ResourceSample | null = null;
  private lastSampleSeenMs = Number.NEGATIVE_INFINITY;
  private stopTimer: (() => void) | null = null;

  constructor(
    @Inject(LED_OPTIONS) private readonly options: LedOptions,
    private readonly sampler: ResourceSampler,
    private readonly inventory: InstanceInventory,
    private readonly managerPolls: ManagerPolls,
    private readonly clock: LedClock,
    private readonly connection: LedChipConnection,
    private readonly ticker: Ticker,
    private readonly condition: NodeCondition,
    private readonly terminals: TerminalSessions,
  ) {
    this.brightness = options.brightness;
    this.composedAt = clock.now();
    this.legend = ledRowLegend(options.scales, { notReadyChecks: READINESS_LED_COLUMNS.map((names) => names.join(' or ')) }).map(({ row, label, meaning }) => ({
      row,
      label,
      meaning,
    }));
    const { layout, rotation, mirror } = options.mounting;
    this.mounting = { layout, rotation, mirror };
  }

  /** The first frame is drawn before the node starts answering, so GET /led always has one. */
  async onApplicationBootstrap(): Promise<void> {
    this.terminalOpenings = this.terminals.opened$.subscribe(() => void this.terminalOpened());
    await this.redraw();
    this.stopTimer = this.ticker.every(this.options.intervalMs, () => void this.redraw());
  }

  async onModuleDestroy(): Promise<void> {
    this.terminalOpenings?.unsubscribe();
    this.terminalOpenings = null;
    this.stopTimer?.();
    this.stopTimer = null;
    await this.connection.close();
  }

  /** Composes a frame from the cached figures and shows it; resolves once the chip is up to date or known to be unreachable. */
  redraw(): Promise<void> {
    const nowMs = this.clock.monotonicMs();
    const sample = this.sampler.latest();
    if (sample !== this.lastSample) {
      this.lastSample = sample;
      this.lastSampleSeenMs = nowMs;
    }
    this.composed = composeFrame(
      {
        runningContainers: this.inventory.runningCount(),
        cpuPercent: sample?.cpuPercent ?? 0,
        memoryPercent: sample?.memoryPercent ?? 0,
        networkTxBytesPerSecond: sample?.networkTxBytesPerSecond ?? 0,
        networkRxBytesPerSecond: sample?.networkRxBytesPerSecond ?? 0,
        iops: sample?.iops ?? 0,
        tick: this.tick,
        sampleFresh: sample !== null && nowMs - this.lastSampleSeenMs < this.options.sampleFreshMs,
        managerLink: this.managerLink(nowMs),
        notReady: this.condition.notReady(),
        failedChecks: this.condition.failedChecks(),
      },
      this.options.scales,
    );
    this.tick += 1;
    this.composedAt = this.clock.now();
    if (this.identifyUntilMs !== null && nowMs >= this.identifyUntilMs) this.identifyUntilMs = null;
    if (this.terminalUntilMs !== null && nowMs >= this.terminalUntilMs) this.terminalUntilMs = null;
    return this.connection.show(this.picture());
  }

  /** Lasts until the node restarts; reaches the chip now if it is connected, else when it comes back. */
  async update(change: UpdateLedDto): Promise<LedStatusDto> {
    if (change.brightness !== undefined) this.brightness = change.brightness;
    if (change.blink !== undefined) this.blink = change.blink;
    await this.connection.show(this.picture());
    return this.status();
  }

  /** Lights and blinks the whole matrix for `seconds`; a second call restarts the count. */
  async identify(seconds: number = LED_IDENTIFY_DEFAULT_SECONDS): Promise<LedStatusDto> {
    this.identifyUntilMs = this.clock.monotonicMs() + seconds * 1000;
    await this.connection.show(this.picture());
    return this.status();
  }

  /** Shows the prompt for TERMINAL_OPENED_MS, so the class sees which board a learner is on. */
  terminalOpened(): Promise<void> {
    this.terminalUntilMs = this.clock.monotonicMs() + TERMINAL_OPENED_MS;
    return this.connection.show(this.picture());
  }

  status(): LedStatusDto {
    return {
      rows: [...this.picture().frame],
      legend: this.legend,
      brightness: this.brightness,
      blink: this.blink,
      identifying: this.identifyUntilMs !== null,
      mounting: this.mounting,
      device: this.connection.status(),
      updatedAt: this.composedAt.toISOString(),
    };
  }

  /** Polls win: a board a manager still polls is watched, whatever became of its join. */
  private managerLink(nowMs: number): ManagerLink {
    const link = this.managerPolls.link(this.options.managerTimeoutMs, nowMs);
    return link !== 'active' && this.condition.joinRefused() ? 'refused' : link;
  }

  /** Identify (a teacher asked for it) wins over the terminal prompt, which wins over the figures. */
  private picture(): ChipPicture {
    if (this.identifyUntilMs !== null) return { frame: IDENTIFY_FRAME, blink: IDENTIFY_BLINK, brightness: this.brightness };
    if (this.terminalUntilMs !== null) return { frame: TERMINAL_OPENED_FRAME, blink: 'off', brightness: this.brightness };
    return { frame: this.composed, blink: this.blink, brightness: this.brightness };
  }
}
