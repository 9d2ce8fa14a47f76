/**
 * Port for the few I2C operations an HT16K33 needs. Transfers reject with errors
 * shaped like i2c-bus's (`code`, `errno`, `syscall`): ENOENT when the bus device is
 * missing, EACCES without permission, ENXIO or EREMOTEIO when no chip answers.
 */
export abstract class I2cBus {
  /** One byte on its own: how the HT16K33 receives its commands. */
  abstract sendByte(address: number, byte: number): Promise<void>;
  /** The first `length` bytes of `buffer` in one transfer; rejects on a short write. */
  abstract i2cWrite(address: number, length: number, buffer: Buffer): Promise<void>;
  /** Releases the bus; a transfer after close rejects. */
  abstract close(): Promise<void>;
}
