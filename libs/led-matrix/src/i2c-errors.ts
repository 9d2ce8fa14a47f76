import { NativeAddonLoadError } from '@tinystack/native-addons';

/** The native `i2c-bus` addon could not be loaded (not built, wrong Node ABI, not installed). */
export class I2cModuleUnavailableError extends Error {
  /** Whether the message already says what to do (loadNativeAddon's explanation). */
  readonly explained: boolean;

  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const explained = cause instanceof NativeAddonLoadError;
    super(explained ? reason : `The i2c-bus native module could not be loaded: ${reason}`, { cause });
    this.explained = explained;
    this.name = new.target.name;
  }
}

export class I2cBusClosedError extends Error {
  constructor(readonly busNumber: number) {
    super(`I2C bus ${busNumber} has been closed`);
    this.name = new.target.name;
  }
}

/** The adapter accepted fewer bytes than asked: the chip saw a truncated transfer. */
export class I2cShortWriteError extends Error {
  constructor(
    readonly address: number,
    readonly expected: number,
    readonly written: number,
  ) {
    super(`Short I2C write to 0x${address.toString(16)}: ${written} of ${expected} bytes`);
    this.name = new.target.name;
  }
}
