import { ROTATIONS, frameFromPicture } from './frame.js';
import { MATRIX_LAYOUTS, frameToRam } from './frame-layout.js';
import { BLINK_RATES, Ht16k33 } from './ht16k33.driver.js';
import { EmulatedHt16k33 } from './test-support/index.js';

const F = frameFromPicture([
  '######..',
  '#.......',
  '#.......',
  '####....',
  '#.......',
  '#.......',
  '#.......',
  '........',
]);

describe('Ht16k33', () => {
  it('initialises in the Adafruit order: oscillator, RAM cleared in one transfer, display on, brightness', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip, 0x70);
    await driver.initialise(9);
    expect(chip.transfers).toEqual([
      { method: 'sendByte', address: 0x70, bytes: [0x21] },
      { method: 'i2cWrite', address: 0x70, bytes: [0x00, ...new Array(16).fill(0)] },
      { method: 'sendByte', address: 0x70, bytes: [0x81] },
      { method: 'sendByte', address: 0x70, bytes: [0xe9] },
    ]);
    expect(chip.oscillatorOn).toBe(true);
    expect(chip.displayOn).toBe(true);
    expect(chip.blinkSetting).toBe(0);
    expect(chip.dimming).toBe(9);
    expect([...chip.ram]).toEqual(new Array(16).fill(0));
  });

  it('writes the whole RAM as one 17-byte transfer starting at address 0x00', async () => {
    const chip = new EmulatedHt16k33({ address: 0x74 });
    const driver = new Ht16k33(chip, 0x74);
    const ram = Uint8Array.from({ length: 16 }, (_, index) => index + 1);
    await driver.writeRam(ram);
    expect(chip.transfers).toEqual([
      { method: 'i2cWrite', address: 0x74, bytes: [0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] },
    ]);
    expect([...chip.ram]).toEqual([...ram]);
  });

  it('writes a known frame as the backpack RAM image, which the chip then shows upright', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    const mounting = { layout: 'adafruit-backpack', rotation: 0, mirror: false } as const;
    await driver.initialise(15);
    chip.clearLog();
    await driver.writeRam(frameToRam(F, mounting));
    expect(chip.transfers[0]?.bytes).toEqual([
      0x00, 0x9f, 0, 0x80, 0, 0x80, 0, 0x87, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x00, 0,
    ]);
    expect(chip.seenFrame(mounting)).toEqual(F);
  });

  it('sends the brightness as 0xE0 | level', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    await driver.setBrightness(0);
    await driver.setBrightness(15);
    expect(chip.commandBytes).toEqual([0xe0, 0xef]);
  });

  it('sends display setup 0x80 | on | rate << 1 for each blink rate', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    for (const rate of BLINK_RATES) {
      await driver.setBlink(rate);
    }
    expect(chip.commandBytes).toEqual([0x81, 0x83, 0x85, 0x87]);
    expect(chip.blinkSetting).toBe(3);
    expect(chip.displayOn).toBe(true);
  });

  it('turns the display off with 0x80 and puts the chip in standby with 0x20', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    await driver.initialise(5);
    chip.clearLog();
    await driver.displayOff();
    await driver.standby();
    expect(chip.commandBytes).toEqual([0x80, 0x20]);
    expect(chip.displayOn).toBe(false);
    expect(chip.oscillatorOn).toBe(false);
  });

  it('closes the bus', async () => {
    const chip = new EmulatedHt16k33();
    await new Ht16k33(chip).close();
    expect(chip.closed).toBe(true);
    expect(chip.transfers).toEqual([]);
  });

  it('rejects bad arguments before anything reaches the bus', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    await expect(driver.initialise(16)).rejects.toThrow(RangeError);
    await expect(driver.setBrightness(-1)).rejects.toThrow(RangeError);
    await expect(driver.setBrightness(2.5)).rejects.toThrow(RangeError);
    await expect(driver.setBlink('3Hz' as never)).rejects.toThrow(RangeError);
    await expect(driver.writeRam(new Uint8Array(15))).rejects.toThrow(RangeError);
    await expect(driver.writeRam([0, 0] as never)).rejects.toThrow(RangeError);
    expect(chip.transfers).toEqual([]);
  });

  it('accepts only the addresses 0x70..0x77', () => {
    const chip = new EmulatedHt16k33();
    expect(() => new Ht16k33(chip, 0x6f)).toThrow(RangeError);
    expect(() => new Ht16k33(chip, 0x78)).toThrow(RangeError);
    expect(new Ht16k33(chip, 0x77).address).toBe(0x77);
    expect(new Ht16k33(chip).address).toBe(0x70);
  });

  it('sends what the caller passed, even if the caller changes its array afterwards', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    const ram = new Uint8Array(16).fill(0x11);
    const written = driver.writeRam(ram);
    ram.fill(0x22);
    await written;
    expect([...chip.ram]).toEqual(new Array(16).fill(0x11));
  });

  it('does not let a redraw interleave with a running initialisation', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    const ram = new Uint8Array(16).fill(0xff);
    await Promise.all([driver.initialise(3), driver.writeRam(ram)]);
    expect(chip.commandBytes).toEqual([0x21, 0x00, 0x81, 0xe3, 0x00]);
    expect([...chip.ram]).toEqual(new Array(16).fill(0xff));
  });

  it('passes bus errors through and keeps working once the bus recovers', async () => {
    const chip = new EmulatedHt16k33();
    const driver = new Ht16k33(chip);
    chip.failTransfersWith('ENOENT');
    await expect(driver.initialise(1)).rejects.toMatchObject({ code: 'ENOENT' });
    chip.failTransfersWith(null);
    await driver.initialise(1);
    expect(chip.commandBytes).toEqual([0x21, 0x00, 0x81, 0xe1]);
  });

  it('reports EREMOTEIO when no chip answers at its address', async () => {
    const chip = new EmulatedHt16k33({ address: 0x70 });
    await expect(new Ht16k33(chip, 0x71).initialise(1)).rejects.toMatchObject({ code: 'EREMOTEIO' });
  });

  describe('end to end with every mounting', () => {
    for (const layout of MATRIX_LAYOUTS) {
      for (const rotation of ROTATIONS) {
        for (const mirror of [false, true]) {
          it(`shows the F upright on a ${layout} board turned ${rotation}°${mirror ? ', mirrored' : ''}`, async () => {
            const chip = new EmulatedHt16k33();
            const driver = new Ht16k33(chip);
            const mounting = { layout, rotation, mirror };
            await driver.initialise(15);
            await driver.writeRam(frameToRam(F, mounting));
            expect(chip.seenFrame(mounting)).toEqual(F);
            if (rotation !== 0 || mirror) {
              expect(chip.seenFrame({ layout, rotation: 0, mirror: false })).not.toEqual(F);
            }
          });
        }
      }
    }
  });
});
