import type { Frame } from '../frame.js';
import type { MatrixMounting } from '../frame-layout.js';
import { I2cBus } from '../i2c-bus.port.js';

/*
 * An HT16K33 on an I2C bus, written from the datasheet's command table rather than
 * from the driver, so that tests of the driver check it against the chip's rules:
 *   0x00..0x0F  display data address pointer; the bytes that follow in the same
 *               transfer fill the RAM, the pointer auto-increments and wraps 0x0F -> 0x00
 *   0x20 | S    system setup: S = 1 oscillator on, 0 standby (bits 3..1 don't care)
 *   0x80 | B1 B0 D   display setup: D = display on, B = blink (0 off, 1 2 Hz, 2 1 Hz,
 *               3 0.5 Hz; bit 3 don't care)
 *   0xE0 | P    dimming: duty (P + 1) / 16
 * Anything else (key RAM reads, ROW/INT setup, data after a command byte) is not
 * used by the driver and fails loudly, as a strict fake should.
 */

export type SimulatedI2cErrorCode = 'ENOENT' | 'EACCES' | 'ENXIO' | 'EREMOTEIO';

export interface RecordedTransfer {
  method: 'sendByte' | 'i2cWrite';
  address: number;
  bytes: readonly number[];
}

export interface EmulatedHt16k33Options {
  /** The address its jumpers give it; 0x70 when left open. */
  address?: number;
  /** Used in the messages of simulated ENOENT / EACCES errors. */
  busNumber?: number;
  /** What a transfer to any other address fails with; the Pi's adapter says EREMOTEIO. */
  absentAddressCode?: 'ENXIO' | 'EREMOTEIO';
  /** RAM content at power-up; the chip powers up with garbage, so by default it does here too. */
  powerOnRam?: Uint8Array;
}

const RAM_BYTES = 16;
const MATRIX_SIZE = 8;

const ERRNO: Record<SimulatedI2cErrorCode, { errno: number; text: string }> = {
  ENOENT: { errno: -2, text: 'no such file or directory' },
  EACCES: { errno: -13, text: 'permission denied' },
  ENXIO: { errno: -6, text: 'no such device or address' },
  EREMOTEIO: { errno: -121, text: 'remote I/O error' },
};

export class EmulatedHt16k33 extends I2cBus {
  readonly address: number;
  private readonly busNumber: number;
  private readonly absentAddressCode: 'ENXIO' | 'EREMOTEIO';
  private readonly displayRam: Uint8Array;
  private readonly log: RecordedTransfer[] = [];
  private pointer = 0;
  private oscillator = false;
  private display = false;
  private blink = 0;
  private duty = 15;
  private failure: SimulatedI2cErrorCode | null = null;
  private isClosed = false;

  constructor(options: EmulatedHt16k33Options = {}) {
    super();
    this.address = options.address ?? 0x70;
    this.busNumber = options.busNumber ?? 1;
    this.absentAddressCode = options.absentAddressCode ?? 'EREMOTEIO';
    this.displayRam = options.powerOnRam
      ? Uint8Array.from(options.powerOnRam)
      : Uint8Array.from({ length: RAM_BYTES }, (_, index) => (index * 73 + 41) & 0xff);
    if (this.displayRam.length !== RAM_BYTES) {
      throw new RangeError(`powerOnRam must be ${RAM_BYTES} bytes`);
    }
  }

  override async sendByte(address: number, byte: number): Promise<void> {
    this.deliver('sendByte', address, [byte]);
  }

  override async i2cWrite(address: number, length: number, buffer: Buffer): Promise<void> {
    if (!Number.isInteger(length) || length < 1 || length > buffer.length) {
      throw new Error(`i2cWrite length ${length} does not fit a ${buffer.length}-byte buffer`);
    }
    this.deliver('i2cWrite', address, [...buffer.subarray(0, length)]);
  }

  override async close(): Promise<void> {
    if (this.isClosed) {
      throw new Error('Bus closed twice');
    }
    this.isClosed = true;
  }

  /** Every transfer that reached the chip, in order. */
  get transfers(): readonly RecordedTransfer[] {
    return this.log.map((transfer) => ({ ...transfer, bytes: [...transfer.bytes] }));
  }

  /** The first byte of every transfer: the command the chip decoded. */
  get commandBytes(): number[] {
    return this.log.map((transfer) => transfer.bytes[0] ?? -1);
  }

  clearLog(): void {
    this.log.length = 0;
  }

  get ram(): Uint8Array {
    return Uint8Array.from(this.displayRam);
  }

  get addressPointer(): number {
    return this.pointer;
  }

  get oscillatorOn(): boolean {
    return this.oscillator;
  }

  get displayOn(): boolean {
    return this.display;
  }

  /** The datasheet's two blink bits: 0 off, 1 = 2 Hz, 2 = 1 Hz, 3 = 0.5 Hz. */
  get blinkSetting(): number {
    return this.blink;
  }

  /** The dimming level P, duty (P + 1) / 16; 15 after power-up. */
  get dimming(): number {
    return this.duty;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** From now on every transfer fails with this code, as the real bus would; null heals it. */
  failTransfersWith(code: SimulatedI2cErrorCode | null): void {
    this.failure = code;
  }

  /**
   * What a person in front of the board sees: dark unless the oscillator and the
   * display are on (a blinking display is shown in its lit phase). Follows the
   * mounting description of MatrixMounting, computed pixel by pixel from the RAM.
   */
  seenFrame(mounting: MatrixMounting): Frame {
    if (![0, 90, 180, 270].includes(mounting.rotation)) {
      throw new RangeError(`Rotation ${String(mounting.rotation)} is not a quarter turn`);
    }
    const seen = new Array<number>(MATRIX_SIZE).fill(0);
    if (!this.oscillator || !this.display) {
      return seen;
    }
    for (let chipRow = 0; chipRow < MATRIX_SIZE; chipRow += 1) {
      for (let chipColumn = 0; chipColumn < MATRIX_SIZE; chipColumn += 1) {
        const bit = mounting.layout === 'adafruit-backpack' ? (chipColumn + 7) % 8 : chipColumn;
        if (((this.displayRam[2 * chipRow] ?? 0) >> bit) & 1) {
          const [x, y] = whereThePersonSees(chipColumn, chipRow, mounting);
          seen[y] = (seen[y] ?? 0) | (1 << x);
        }
      }
    }
    return seen;
  }

  private deliver(method: RecordedTransfer['method'], address: number, bytes: number[]): void {
    if (this.isClosed) {
      throw new Error(`${method} after the bus was closed`);
    }
    if (!Number.isInteger(address) || address < 0 || address > 0x7f) {
      throw new RangeError(`Invalid I2C address ${address}`);
    }
    const badByte = bytes.find((byte) => !Number.isInteger(byte) || byte < 0 || byte > 0xff);
    if (badByte !== undefined) {
      throw new RangeError(`Invalid byte ${badByte}`);
    }
    if (this.failure !== null) {
      throw this.simulatedError(this.failure, method);
    }
    if (address !== this.address) {
      throw this.simulatedError(this.absentAddressCode, method);
    }
    this.execute(bytes);
    this.log.push({ method, address, bytes });
  }

  private execute([command = -1, ...data]: number[]): void {
    if (command >= 0x00 && command <= 0x0f) {
      this.pointer = command;
      for (const byte of data) {
        this.displayRam[this.pointer] = byte;
        this.pointer = (this.pointer + 1) % RAM_BYTES;
      }
      return;
    }
    if (data.length > 0) {
      throw new Error(`Command 0x${command.toString(16)} takes no data, got ${data.length} bytes`);
    }
    if ((command & 0xf0) === 0x20) {
      this.oscillator = (command & 0x01) === 1;
    } else if ((command & 0xf0) === 0x80) {
      this.display = (command & 0x01) === 1;
      this.blink = (command >> 1) & 0x03;
    } else if ((command & 0xf0) === 0xe0) {
      this.duty = command & 0x0f;
    } else {
      throw new Error(`Command 0x${command.toString(16)} is not emulated`);
    }
  }

  private simulatedError(code: SimulatedI2cErrorCode, method: RecordedTransfer['method']): Error {
    const { errno, text } = ERRNO[code];
    const opensTheDevice = code === 'ENOENT' || code === 'EACCES';
    const syscall = opensTheDevice ? 'open' : method === 'i2cWrite' ? 'write' : 'sendByte';
    const where = opensTheDevice ? `open '/dev/i2c-${this.busNumber}'` : syscall;
    return Object.assign(new Error(`${code}: ${text}, ${where}`), { code, errno, syscall });
  }
}

/** The board's native pixel (column, row) as placed by the mounting: turned clockwise, then mirrored. */
function whereThePersonSees(column: number, row: number, mounting: MatrixMounting): [number, number] {
  const last = MATRIX_SIZE - 1;
  let [x, y] = [column, row];
  for (let quarterTurns = mounting.rotation / 90; quarterTurns > 0; quarterTurns -= 1) {
    [x, y] = [last - y, x];
  }
  return mounting.mirror ? [last - x, y] : [x, y];
}
