import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Observable, ReplaySubject } from 'rxjs';
import { type BoardSnapshot, readBoardSnapshot } from './board-snapshot.js';
import { ProcReader } from './proc-reader.js';
import type { ResourceSample } from './resource-sample.js';
import { RESOURCE_SAMPLER_OPTIONS, type ResourceSamplerOptions } from './resource-sampler.options.js';
import { calculateSample } from './sample-calculation.js';
import { SamplerClock } from './sampler-clock.js';

/** The first figures come this soon after start-up even when the interval is long. */
const FIRST_SAMPLE_DELAY_CAP_MS = 250;

/**
 * Reads the board on a timer and serves the last computed sample, so a request
 * never waits for a reading. Every figure compares two readings; the first
 * reading after start() is only a baseline.
 */
@Injectable()
export class ResourceSampler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ResourceSampler.name);
  private readonly intervalMs: number;
  private readonly firstSampleDelayMs: number;
  private readonly published = new ReplaySubject<ResourceSample>(1);
  /** Every new sample; a subscriber first gets the latest one, if there is one. Completes on module destroy. */
  readonly samples$: Observable<ResourceSample> = this.published.asObservable();

  private previous: BoardSnapshot | null = null;
  private last: ResourceSample | null = null;
  private inFlight: Promise<unknown> | null = null;
  private timers: { firstSample: NodeJS.Timeout | null; everyInterval: NodeJS.Timeout } | null = null;
  private failing = false;

  constructor(
    @Inject(ProcReader) private readonly reader: ProcReader,
    @Inject(RESOURCE_SAMPLER_OPTIONS) options: ResourceSamplerOptions,
    @Inject(SamplerClock) private readonly clock: SamplerClock,
  ) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) {
      throw new RangeError(`ResourceSampler intervalMs must be a positive number of milliseconds, got ${options.intervalMs}`);
    }
    this.intervalMs = options.intervalMs;
    this.firstSampleDelayMs = Math.min(options.intervalMs, FIRST_SAMPLE_DELAY_CAP_MS);
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
   * Starts the timers and takes the baseline reading (resolves once it is taken);
   * the first sample follows after min(intervalMs, 250 ms). Calling it while
   * running does nothing.
   */
  async start(): Promise<void> {
    if (this.timers !== null) return;
    const everyInterval = setInterval(() => this.tick(), this.intervalMs).unref();
    // Not unref'd: until the first sample exists this timer is what keeps a
    // starting process alive (nothing listens yet).
    const firstSample = setTimeout(() => {
      if (this.timers !== null) this.timers.firstSample = null;
      this.tick();
    }, this.firstSampleDelayMs);
    this.timers = { firstSample, everyInterval };
    // A stale baseline from before a stop() would average over the pause.
    await this.waitForIdle();
    this.previous = null;
    await this.readLogged();
  }

  /** Stops the timers; a reading already running still completes and is published. */
  stop(): void {
    if (this.timers === null) return;
    if (this.timers.firstSample !== null) clearTimeout(this.timers.firstSample);
    clearInterval(this.timers.everyInterval);
    this.timers = null;
  }

  /**
   * Takes a reading now and publishes the sample. Waits for a reading already
   * running rather than overlapping it. Without a baseline yet it takes one first
   * and waits min(intervalMs, 250 ms) before the reading, so this can take that long.
   */
  async sampleNow(): Promise<ResourceSample> {
    await this.waitForIdle();
    const sample = await this.readExclusive();
    if (sample !== null) return sample;
    await this.clock.delay(this.firstSampleDelayMs);
    await this.waitForIdle();
    const afterBaseline = await this.readExclusive();
    if (afterBaseline !== null) return afterBaseline;
    throw new Error('ResourceSampler: the baseline was discarded by start() while sampleNow() waited for its reading');
  }

  private tick(): void {
    // Reads never overlap: on a slow board a late reading just makes this interval longer.
    if (this.inFlight !== null) return;
    void this.readLogged();
  }

  private async readLogged(): Promise<void> {
    try {
      await this.readExclusive();
      if (this.failing) this.logger.log('Board readings work again');
      this.failing = false;
    } catch (error) {
      // Logged once per failure streak: this runs every second and must not flood a small SD card.
      if (!this.failing) this.logger.warn(`Board reading failed, keeping the last sample: ${String(error)}`);
      this.failing = true;
    }
  }

  private async waitForIdle(): Promise<void> {
    while (this.inFlight !== null) await this.inFlight.catch(() => undefined);
  }

  /** Callers make sure no reading is in flight. Null when this reading became the baseline. */
  private async readExclusive(): Promise<ResourceSample | null> {
    const reading = this.read();
    this.inFlight = reading;
    try {
      return await reading;
    } finally {
      this.inFlight = null;
    }
  }

  private async read(): Promise<ResourceSample | null> {
    const current = await readBoardSnapshot(this.reader, this.clock);
    const previous = this.previous;
    this.previous = current;
    if (previous === null) return null;
    const sample = calculateSample(previous, current);
    this.last = sample;
    this.published.next(sample);
    return sample;
  }
}
