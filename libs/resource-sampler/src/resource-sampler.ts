import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Observable, ReplaySubject } from 'rxjs';
import { BoardCounters } from './board-counters.js';
import { ProcReader } from './proc-reader.js';
import type { ResourceSample } from './resource-sample.js';
import { RESOURCE_SAMPLER_OPTIONS, type ResourceSamplerOptions } from './resource-sampler.options.js';
import { SamplerClock } from './sampler-clock.js';

/** The first figures come this soon after start-up even when the interval is long. */
const FIRST_SAMPLE_DELAY_CAP_MS = 250;

/**
 * Reads the board on a timer and serves the last computed sample, so a request
 * never waits for a reading. Every figure compares two readings; the first
 * reading after start() is only a baseline. A reading is synchronous (the
 * files live in memory), so two readings never overlap.
 */
@Injectable()
export class ResourceSampler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ResourceSampler.name);
  private readonly intervalMs: number;
  private readonly firstSampleDelayMs: number;
  private readonly board: BoardCounters;
  private readonly published = new ReplaySubject<ResourceSample>(1);
  /** Every new sample; a subscriber first gets the latest one, if there is one. Completes on module destroy. */
  readonly samples$: Observable<ResourceSample> = this.published.asObservable();

  private last: ResourceSample | null = null;
  private timers: { firstSample: NodeJS.Timeout | null; stopInterval: () => void } | null = null;
  private failing = false;

  constructor(
    @Inject(ProcReader) reader: ProcReader,
    @Inject(RESOURCE_SAMPLER_OPTIONS) options: ResourceSamplerOptions,
    @Inject(SamplerClock) private readonly clock: SamplerClock,
  ) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) {
      throw new RangeError(`ResourceSampler intervalMs must be a positive number of milliseconds, got ${options.intervalMs}`);
    }
    this.intervalMs = options.intervalMs;
    this.firstSampleDelayMs = Math.min(options.intervalMs, FIRST_SAMPLE_DELAY_CAP_MS);
    this.board = new BoardCounters(reader);
  }

  onModuleInit(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): void {
    this.stop();
    this.published.complete();
  }

  /** The last computed sample, null until the first one; never triggers a reading. */
  latest(): ResourceSample | null {
    return this.last;
  }

  /**
   * Starts the timers and takes the baseline reading; the first sample
   * follows after min(intervalMs, 250 ms). Calling it while running does nothing.
   */
  async start(): Promise<void> {
    if (this.timers !== null) return;
    const stopInterval = this.clock.every(this.intervalMs, () => this.readLogged());
    // Not unref'd: until the first sample exists this timer is what keeps a
    // starting process alive (nothing listens yet).
    const firstSample = setTimeout(() => {
      if (this.timers !== null) this.timers.firstSample = null;
      this.readLogged();
    }, this.firstSampleDelayMs);
    this.timers = { firstSample, stopInterval };
    // A stale baseline from before a stop() would average over the pause.
    this.board.reset();
    this.readLogged();
  }

  /** Stops the timers. */
  stop(): void {
    if (this.timers === null) return;
    if (this.timers.firstSample !== null) clearTimeout(this.timers.firstSample);
    this.timers.stopInterval();
    this.timers = null;
  }

  /**
   * Takes a reading now and publishes the sample. Without a baseline yet it
   * takes one first and reads again min(intervalMs, 250 ms) later, so this
   * can take that long.
   */
  async sampleNow(): Promise<ResourceSample> {
    const sample = this.read();
    if (sample !== null) return sample;
    await this.clock.delay(this.firstSampleDelayMs);
    const afterBaseline = this.read();
    if (afterBaseline !== null) return afterBaseline;
    throw new Error('ResourceSampler: the baseline was discarded by start() while sampleNow() waited for its reading');
  }

  private readLogged(): void {
    try {
      this.read();
      if (this.failing) this.logger.log('Board readings work again');
      this.failing = false;
    } catch (error) {
      // Logged once per failure streak: this runs every second and must not flood a small SD card.
      if (!this.failing) this.logger.warn(`Board reading failed, keeping the last sample: ${String(error)}`);
      this.failing = true;
    }
  }

  /** Null when this reading became the baseline. */
  private read(): ResourceSample | null {
    this.board.read(this.clock.monotonicMs(), this.clock.now());
    if (!this.board.hasBaseline) return null;
    const sample = this.board.sample();
    this.last = sample;
    this.published.next(sample);
    return sample;
  }
}
