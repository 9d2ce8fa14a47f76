import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LedDeviceDto } from '@tinystack/contracts';
import {
  BLANK_FRAME,
  Ht16k33,
  I2cBus,
  describeI2cFailure,
  frameToRam,
  framesEqual,
  i2cDevicePath,
  type BlinkRate,
  type Frame,
} from '@tinystack/led-matrix';
import { LedClock } from './led.clock.js';
import { LED_OPTIONS, type LedOptions } from './led.options.js';

/** Everything the chip should show. */
export interface ChipPicture {
  /** As a person sees it; the mounting turns it into the RAM image. */
  readonly frame: Frame;
  readonly blink: BlinkRate;
  readonly brightness: number;
}

const NOTHING_TO_DO: Promise<void> = Promise.resolve();

/**
 * Keeps the HT16K33 showing the latest wanted picture, sending only what differs
 * from what the chip already shows. A failed transfer makes the chip's state
 * unknown: the connection drops, the failure is logged once, and the chip is
 * initialised again at the first wish after LED_RETRY_MS.
 */
@Injectable()
export class LedChipConnection {
  private readonly logger = new Logger('LedDisplay');
  private readonly chip: Ht16k33;
  private readonly where: string;
  private wanted: ChipPicture | null = null;
  /** What the chip shows; null while it is not connected. */
  private shown: { frame: Frame; blink: BlinkRate; brightness: number } | null = null;
  private nextAttemptMs = Number.NEGATIVE_INFINITY;
  private lastError: { message: string; at: Date } | null = null;
  private loggedFailure: string | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private closed = false;

  constructor(
    @Inject(LED_OPTIONS) private readonly options: LedOptions,
    bus: I2cBus,
    private readonly clock: LedClock,
  ) {
    this.chip = new Ht16k33(bus, options.address);
    this.where = `HT16K33 at ${hexAddress(options.address)} on I2C bus ${options.busNumber} (${i2cDevicePath(options.busNumber)})`;
  }

  /**
   * Makes `picture` the one to show and brings the chip up to date. Resolves once
   * the chip shows it, or once it is known that the chip cannot; never rejects.
   * Calls made while a transfer runs share one follow-up pass with the newest picture.
   */
  show(picture: ChipPicture): Promise<void> {
    this.wanted = picture;
    // Twice a second on a board without its chip (or with the LED off): no transfer, no promise chain.
    if (this.running === null && this.idle()) return NOTHING_TO_DO;
    if (this.running === null) {
      this.running = this.pass().finally(() => (this.running = null));
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.show(this.wanted ?? picture);
    });
    return this.queued;
  }

  status(): LedDeviceDto {
    return {
      enabled: this.options.enabled,
      bus: this.options.busNumber,
      address: hexAddress(this.options.address),
      connected: this.shown !== null,
      lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError?.at.toISOString() ?? null,
    };
  }

  /** Blanks the display if the chip is connected, then releases the bus. */
  async close(): Promise<void> {
    if (!this.options.enabled || this.closed) return;
    this.closed = true;
    await (this.queued ?? this.running);
    if (this.shown !== null) {
      try {
        await this.chip.displayOff();
      } catch (error) {
        this.logger.warn(`Could not blank the LED display on shutdown: ${this.describe(error)}`);
      }
      this.shown = null;
    }
    try {
      await this.chip.close();
    } catch (error) {
      this.logger.warn(`Could not close I2C bus ${this.options.busNumber}: ${(error as Error).message}`);
    }
  }

  /** Whether a pass would do nothing: the LED is off, the connection closed, or the chip is down and not due for a retry. */
  private idle(): boolean {
    return !this.options.enabled || this.closed || (this.shown === null && this.clock.monotonicMs() < this.nextAttemptMs);
  }

  private async pass(): Promise<void> {
    const wanted = this.wanted;
    if (!this.options.enabled || this.closed || wanted === null) return;
    try {
      if (this.shown === null) {
        if (this.clock.monotonicMs() < this.nextAttemptMs) return;
        await this.chip.initialise(wanted.brightness);
        this.shown = { frame: BLANK_FRAME, blink: 'off', brightness: wanted.brightness };
        this.logger.log(`LED display connected: ${this.where}`);
        this.loggedFailure = null;
      }
      const shown = this.shown;
      if (!framesEqual(wanted.frame, shown.frame)) {
        await this.chip.writeRam(frameToRam(wanted.frame, this.options.mounting));
        shown.frame = wanted.frame;
      }
      if (wanted.blink !== shown.blink) {
        await this.chip.setBlink(wanted.blink);
        shown.blink = wanted.blink;
      }
      if (wanted.brightness !== shown.brightness) {
        await this.chip.setBrightness(wanted.brightness);
        shown.brightness = wanted.brightness;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.shown = null;
    this.nextAttemptMs = this.clock.monotonicMs() + this.options.retryMs;
    const message = this.describe(error);
    this.lastError = { message, at: this.clock.now() };
    // Once per distinct reason: a missing bus would otherwise be logged at every retry.
    if (message !== this.loggedFailure) {
      this.loggedFailure = message;
      this.logger.warn(
        `LED display unavailable: ${message}. Frames are still composed (GET /led); ` +
          `retrying every ${this.options.retryMs / 1000} s`,
      );
    }
  }

  private describe(error: unknown): string {
    const failure = describeI2cFailure(error, { busNumber: this.options.busNumber, address: this.options.address });
    return `${this.where}: ${failure.message}`;
  }
}

function hexAddress(address: number): string {
  return `0x${address.toString(16).padStart(2, '0')}`;
}
