import { I2C_BUS, loadNativeAddon } from '@tinystack/native-addons';
import { I2cBus } from './i2c-bus.port.js';
import { I2cBusClosedError, I2cModuleUnavailableError, I2cShortWriteError } from './i2c-errors.js';

/** The part of an i2c-bus `PromisifiedBus` this adapter uses. */
export interface OpenedI2cBus {
  sendByte(address: number, byte: number): Promise<void>;
  i2cWrite(address: number, length: number, buffer: Buffer): Promise<{ bytesWritten: number }>;
  close(): Promise<void>;
}

/** The part of the `i2c-bus` module this adapter uses. */
export interface I2cBusModule {
  openPromisified(busNumber: number): Promise<OpenedI2cBus>;
}

/**
 * Loaded on first use, not at import: the native addon may be missing on a build
 * machine or a board without I2C, and the app must still start and say why
 * (loadNativeAddon says why when the addon is built for another CPU or Node.js).
 */
export function loadI2cBusModule(): I2cBusModule {
  return loadNativeAddon(I2C_BUS, (): typeof import('i2c-bus') => require('i2c-bus'));
}

export function i2cDevicePath(busNumber: number): string {
  return `/dev/i2c-${busNumber}`;
}

/**
 * I2cBus over Linux `/dev/i2c-N` through the `i2c-bus` package. Nothing is loaded or
 * opened until the first transfer; i2c-bus itself opens the device file lazily, so
 * a missing bus (ENOENT), missing permission (EACCES) or absent chip (ENXIO,
 * EREMOTEIO) all surface as the rejection of a transfer.
 */
export class I2cDevBus extends I2cBus {
  private opening: Promise<OpenedI2cBus> | null = null;
  private closed = false;

  constructor(
    readonly busNumber: number,
    private readonly loadModule: () => I2cBusModule = loadI2cBusModule,
  ) {
    super();
    if (!Number.isSafeInteger(busNumber) || busNumber < 0) {
      throw new RangeError(`I2C bus number must be a non-negative integer, got ${busNumber}`);
    }
  }

  override async sendByte(address: number, byte: number): Promise<void> {
    const bus = await this.openedBus();
    await bus.sendByte(address, byte);
  }

  override async i2cWrite(address: number, length: number, buffer: Buffer): Promise<void> {
    const bus = await this.openedBus();
    const { bytesWritten } = await bus.i2cWrite(address, length, buffer);
    if (bytesWritten !== length) {
      throw new I2cShortWriteError(address, length, bytesWritten);
    }
  }

  override async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    if (this.opening === null) {
      return;
    }
    const bus = await this.opening.catch(() => null);
    await bus?.close();
  }

  private openedBus(): Promise<OpenedI2cBus> {
    if (this.closed) {
      return Promise.reject(new I2cBusClosedError(this.busNumber));
    }
    // A failed module load is kept: a native addon does not appear while the app runs.
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<OpenedI2cBus> {
    let module: I2cBusModule;
    try {
      module = this.loadModule();
    } catch (error) {
      throw new I2cModuleUnavailableError(error);
    }
    return module.openPromisified(this.busNumber);
  }
}
