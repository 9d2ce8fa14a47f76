import { type I2cBusModule, type OpenedI2cBus, I2cDevBus, i2cDevicePath } from './i2c-dev.bus.js';
import { I2cBusClosedError, I2cModuleUnavailableError, I2cShortWriteError } from './i2c-errors.js';

type Call = [string, ...unknown[]];

/** A strict stand-in for the i2c-bus module: only the three calls the adapter may make exist. */
function fakeI2cBus(options: { bytesWritten?: (length: number) => number } = {}) {
  const calls: Call[] = [];
  const opened: OpenedI2cBus = {
    async sendByte(address, byte) {
      calls.push(['sendByte', address, byte]);
    },
    async i2cWrite(address, length, buffer) {
      calls.push(['i2cWrite', address, length, [...buffer]]);
      return { bytesWritten: options.bytesWritten?.(length) ?? length };
    },
    async close() {
      calls.push(['close']);
    },
  };
  const module: I2cBusModule = {
    async openPromisified(busNumber) {
      calls.push(['openPromisified', busNumber]);
      return opened;
    },
  };
  let loads = 0;
  const load = () => {
    loads += 1;
    return module;
  };
  return { calls, load, loads: () => loads };
}

describe('I2cDevBus', () => {
  it('loads and opens nothing until the first transfer', () => {
    const fake = fakeI2cBus();
    new I2cDevBus(1, fake.load);
    expect(fake.loads()).toBe(0);
    expect(fake.calls).toEqual([]);
  });

  it('opens the bus once and passes transfers through unchanged', async () => {
    const fake = fakeI2cBus();
    const bus = new I2cDevBus(1, fake.load);
    await Promise.all([bus.sendByte(0x70, 0x21), bus.sendByte(0x70, 0x81)]);
    await bus.i2cWrite(0x70, 3, Buffer.from([0x00, 0xaa, 0xbb]));
    expect(fake.loads()).toBe(1);
    expect(fake.calls).toEqual([
      ['openPromisified', 1],
      ['sendByte', 0x70, 0x21],
      ['sendByte', 0x70, 0x81],
      ['i2cWrite', 0x70, 3, [0x00, 0xaa, 0xbb]],
    ]);
  });

  it('rejects a short write', async () => {
    const fake = fakeI2cBus({ bytesWritten: (length) => length - 1 });
    const bus = new I2cDevBus(1, fake.load);
    const write = bus.i2cWrite(0x70, 17, Buffer.alloc(17));
    await expect(write).rejects.toBeInstanceOf(I2cShortWriteError);
    await expect(write).rejects.toThrow('16 of 17 bytes');
  });

  it('reports a missing native module on the first transfer, not at construction, and does not retry the load', async () => {
    let loads = 0;
    const bus = new I2cDevBus(1, () => {
      loads += 1;
      throw Object.assign(new Error("Cannot find module 'i2c-bus'"), { code: 'MODULE_NOT_FOUND' });
    });
    expect(loads).toBe(0);
    await expect(bus.sendByte(0x70, 0x21)).rejects.toBeInstanceOf(I2cModuleUnavailableError);
    await expect(bus.sendByte(0x70, 0x21)).rejects.toThrow("Cannot find module 'i2c-bus'");
    expect(loads).toBe(1);
    await bus.close();
  });

  it('closing a bus that was never used opens nothing', async () => {
    const fake = fakeI2cBus();
    const bus = new I2cDevBus(1, fake.load);
    await bus.close();
    expect(fake.calls).toEqual([]);
    expect(fake.loads()).toBe(0);
  });

  it('closes an opened bus once and rejects transfers afterwards', async () => {
    const fake = fakeI2cBus();
    const bus = new I2cDevBus(2, fake.load);
    await bus.sendByte(0x70, 0x21);
    await bus.close();
    await bus.close();
    await expect(bus.sendByte(0x70, 0x21)).rejects.toBeInstanceOf(I2cBusClosedError);
    expect(fake.calls).toEqual([['openPromisified', 2], ['sendByte', 0x70, 0x21], ['close']]);
  });

  it('rejects bus numbers that cannot name a /dev/i2c-N device', () => {
    const fake = fakeI2cBus();
    expect(() => new I2cDevBus(-1, fake.load)).toThrow(RangeError);
    expect(() => new I2cDevBus(1.5, fake.load)).toThrow(RangeError);
  });

  it('names the device file of a bus', () => {
    expect(i2cDevicePath(1)).toBe('/dev/i2c-1');
  });

  // The real addon: this machine has no /dev/i2c-99, so the first transfer must fail with ENOENT.
  it('with the real i2c-bus module, opens lazily and fails the first transfer with ENOENT on a missing bus', async () => {
    const bus = new I2cDevBus(99);
    await expect(bus.sendByte(0x70, 0x21)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(bus.i2cWrite(0x70, 1, Buffer.from([0x00]))).rejects.toMatchObject({ code: 'ENOENT' });
    await bus.close();
  });
});
