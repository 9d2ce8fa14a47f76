import { HT16K33_RAM_SIZE } from './frame-layout.js';
import { I2cBus } from './i2c-bus.port.js';

export const HT16K33_DEFAULT_ADDRESS = 0x70;
/** The three address jumpers A0..A2 give 0x70..0x77. */
export const HT16K33_ADDRESS_RANGE = Object.freeze({ min: 0x70, max: 0x77 });
export const HT16K33_MAX_BRIGHTNESS = 15;

/** Blink rates of the display setup command, in the order of its two rate bits. */
export const BLINK_RATES = ['off', '2Hz', '1Hz', '0.5Hz'] as const;
export type BlinkRate = (typeof BLINK_RATES)[number];

const OSCILLATOR_ON = 0x21;
const OSCILLATOR_OFF = 0x20;
const DISPLAY_SETUP = 0x80;
const DISPLAY_ON_BIT = 0x01;
const DIMMING = 0xe0;
const RAM_START = 0x00;

/**
 * Holtek HT16K33 LED controller on an I2C bus. Operations are queued so that a
 * redraw issued while initialise() is still running cannot interleave with it.
 * Invalid arguments reject with a RangeError before anything reaches the bus.
 */
export class Ht16k33 {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bus: I2cBus,
    readonly address: number = HT16K33_DEFAULT_ADDRESS,
  ) {
    const { min, max } = HT16K33_ADDRESS_RANGE;
    if (!Number.isInteger(address) || address < min || address > max) {
      throw new RangeError(`HT16K33 address must be 0x${min.toString(16)}..0x${max.toString(16)}, got ${address}`);
    }
  }

  /**
   * Oscillator on, display RAM cleared (it powers up with random content), display
   * on without blinking, then the brightness.
   */
  async initialise(brightness: number): Promise<void> {
    assertBrightness(brightness);
    return this.serialised(async () => {
      await this.bus.sendByte(this.address, OSCILLATOR_ON);
      await this.writeWholeRam(new Uint8Array(HT16K33_RAM_SIZE));
      await this.bus.sendByte(this.address, displaySetup(true, 'off'));
      await this.bus.sendByte(this.address, DIMMING | brightness);
    });
  }

  /** The whole display RAM in one transfer. */
  async writeRam(ram: Uint8Array): Promise<void> {
    if (!(ram instanceof Uint8Array) || ram.length !== HT16K33_RAM_SIZE) {
      throw new RangeError(`Display RAM is ${HT16K33_RAM_SIZE} bytes, got ${describeLength(ram)}`);
    }
    const copy = Uint8Array.from(ram);
    return this.serialised(() => this.writeWholeRam(copy));
  }

  /** 0 = dimmest (1/16 duty) .. 15 = brightest. */
  async setBrightness(level: number): Promise<void> {
    assertBrightness(level);
    return this.serialised(() => this.bus.sendByte(this.address, DIMMING | level));
  }

  /** Also switches the display on: blink rate and on/off share one command. */
  async setBlink(rate: BlinkRate): Promise<void> {
    if (!BLINK_RATES.includes(rate)) {
      throw new RangeError(`Blink rate must be one of ${BLINK_RATES.join(', ')}, got ${String(rate)}`);
    }
    return this.serialised(() => this.bus.sendByte(this.address, displaySetup(true, rate)));
  }

  /** LEDs dark; RAM and oscillator keep running, so setBlink('off') brings the image back. */
  displayOff(): Promise<void> {
    return this.serialised(() => this.bus.sendByte(this.address, displaySetup(false, 'off')));
  }

  /** Oscillator off: the chip's low-power state; initialise() wakes it. */
  standby(): Promise<void> {
    return this.serialised(() => this.bus.sendByte(this.address, OSCILLATOR_OFF));
  }

  /** Closes the bus after any queued operation; it does not touch what the display shows. */
  close(): Promise<void> {
    return this.serialised(() => this.bus.close());
  }

  private writeWholeRam(ram: Uint8Array): Promise<void> {
    const transfer = Buffer.from([RAM_START, ...ram]);
    return this.bus.i2cWrite(this.address, transfer.length, transfer);
  }

  private serialised<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function displaySetup(on: boolean, rate: BlinkRate): number {
  return DISPLAY_SETUP | (on ? DISPLAY_ON_BIT : 0) | (BLINK_RATES.indexOf(rate) << 1);
}

function assertBrightness(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > HT16K33_MAX_BRIGHTNESS) {
    throw new RangeError(`Brightness must be an integer 0..${HT16K33_MAX_BRIGHTNESS}, got ${level}`);
  }
}

function describeLength(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
}
