import { EmulatedHt16k33 } from './index.js';

const UPRIGHT = { layout: 'adafruit-backpack', rotation: 0, mirror: false } as const;

function bytes(...values: number[]): Buffer {
  return Buffer.from(values);
}

async function litUpright(chip: EmulatedHt16k33): Promise<void> {
  await chip.sendByte(0x70, 0x21);
  await chip.sendByte(0x70, 0x81);
}

describe('EmulatedHt16k33', () => {
  it('powers up in standby, display off, full dimming and with garbage in RAM', () => {
    const chip = new EmulatedHt16k33();
    expect(chip.oscillatorOn).toBe(false);
    expect(chip.displayOn).toBe(false);
    expect(chip.blinkSetting).toBe(0);
    expect(chip.dimming).toBe(15);
    expect([...chip.ram].some((byte) => byte !== 0)).toBe(true);
  });

  it('fills RAM from the address pointer, auto-increments and wraps from 0x0F to 0x00', async () => {
    const chip = new EmulatedHt16k33({ powerOnRam: new Uint8Array(16) });
    await chip.i2cWrite(0x70, 4, bytes(0x0e, 0xaa, 0xbb, 0xcc));
    const ram = chip.ram;
    expect(ram[14]).toBe(0xaa);
    expect(ram[15]).toBe(0xbb);
    expect(ram[0]).toBe(0xcc);
    expect([...ram.subarray(1, 14)].every((byte) => byte === 0)).toBe(true);
    expect(chip.addressPointer).toBe(1);
  });

  it('writes only the first `length` bytes of the buffer', async () => {
    const chip = new EmulatedHt16k33({ powerOnRam: new Uint8Array(16) });
    await chip.i2cWrite(0x70, 2, bytes(0x03, 0x11, 0x22));
    expect(chip.ram[3]).toBe(0x11);
    expect(chip.ram[4]).toBe(0);
    expect(chip.transfers).toEqual([{ method: 'i2cWrite', address: 0x70, bytes: [0x03, 0x11] }]);
  });

  it('decodes system setup, display setup and dimming commands', async () => {
    const chip = new EmulatedHt16k33();
    await chip.sendByte(0x70, 0x21);
    expect(chip.oscillatorOn).toBe(true);
    await chip.sendByte(0x70, 0x85);
    expect(chip.displayOn).toBe(true);
    expect(chip.blinkSetting).toBe(2);
    await chip.sendByte(0x70, 0x86);
    expect(chip.displayOn).toBe(false);
    expect(chip.blinkSetting).toBe(3);
    await chip.sendByte(0x70, 0xe7);
    expect(chip.dimming).toBe(7);
    await chip.sendByte(0x70, 0x20);
    expect(chip.oscillatorOn).toBe(false);
    expect(chip.commandBytes).toEqual([0x21, 0x85, 0x86, 0xe7, 0x20]);
  });

  it('fails loudly on commands it does not emulate and on data after a command', async () => {
    const chip = new EmulatedHt16k33();
    await expect(chip.sendByte(0x70, 0xa0)).rejects.toThrow(/not emulated/);
    await expect(chip.i2cWrite(0x70, 2, bytes(0x81, 0x00))).rejects.toThrow(/takes no data/);
    expect(chip.transfers).toEqual([]);
  });

  it('answers another address like a bus with nobody there (EREMOTEIO by default, ENXIO on request)', async () => {
    const chip = new EmulatedHt16k33({ address: 0x71 });
    await expect(chip.sendByte(0x70, 0x21)).rejects.toMatchObject({ code: 'EREMOTEIO', errno: -121 });
    const other = new EmulatedHt16k33({ absentAddressCode: 'ENXIO' });
    await expect(other.i2cWrite(0x72, 1, bytes(0x00))).rejects.toMatchObject({ code: 'ENXIO', errno: -6, syscall: 'write' });
    expect(chip.transfers).toEqual([]);
  });

  it('can simulate a missing bus until healed, without changing its state', async () => {
    const chip = new EmulatedHt16k33({ busNumber: 3 });
    chip.failTransfersWith('ENOENT');
    const failure = chip.sendByte(0x70, 0x21);
    await expect(failure).rejects.toMatchObject({ code: 'ENOENT', errno: -2, syscall: 'open' });
    await expect(failure).rejects.toThrow("/dev/i2c-3");
    expect(chip.oscillatorOn).toBe(false);
    chip.failTransfersWith(null);
    await chip.sendByte(0x70, 0x21);
    expect(chip.oscillatorOn).toBe(true);
  });

  it('rejects transfers after close, and a second close', async () => {
    const chip = new EmulatedHt16k33();
    await chip.close();
    expect(chip.closed).toBe(true);
    await expect(chip.sendByte(0x70, 0x21)).rejects.toThrow(/closed/);
    await expect(chip.close()).rejects.toThrow(/twice/);
  });

  it('shows nothing unless both the oscillator and the display are on', async () => {
    const chip = new EmulatedHt16k33({ powerOnRam: new Uint8Array(16).fill(0xff) });
    expect(chip.seenFrame(UPRIGHT)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    await chip.sendByte(0x70, 0x81);
    expect(chip.seenFrame(UPRIGHT)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    await chip.sendByte(0x70, 0x21);
    expect(chip.seenFrame(UPRIGHT)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  it('shows byte 0 bit 7 at the top-left of an upright backpack, bit 0 one column to its right', async () => {
    const chip = new EmulatedHt16k33({ powerOnRam: new Uint8Array(16) });
    await litUpright(chip);
    await chip.i2cWrite(0x70, 2, bytes(0x00, 0x81));
    expect(chip.seenFrame(UPRIGHT)).toEqual([0b00000011, 0, 0, 0, 0, 0, 0, 0]);
    expect(chip.seenFrame({ ...UPRIGHT, layout: 'straight' })).toEqual([0b10000001, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('ignores the odd RAM bytes, which drive nothing on an 8x8 board', async () => {
    const chip = new EmulatedHt16k33({ powerOnRam: new Uint8Array(16) });
    await litUpright(chip);
    await chip.i2cWrite(0x70, 2, bytes(0x01, 0xff));
    expect(chip.seenFrame(UPRIGHT)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('places the native top-left LED where a turned or mirrored board shows it', async () => {
    const chip = new EmulatedHt16k33({ powerOnRam: new Uint8Array(16) });
    await litUpright(chip);
    await chip.i2cWrite(0x70, 2, bytes(0x00, 0x80));
    const topLeftOnly = [1, 0, 0, 0, 0, 0, 0, 0];
    expect(chip.seenFrame(UPRIGHT)).toEqual(topLeftOnly);
    expect(chip.seenFrame({ ...UPRIGHT, rotation: 90 })).toEqual([0x80, 0, 0, 0, 0, 0, 0, 0]);
    expect(chip.seenFrame({ ...UPRIGHT, rotation: 180 })).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(chip.seenFrame({ ...UPRIGHT, rotation: 270 })).toEqual([0, 0, 0, 0, 0, 0, 0, 0x01]);
    expect(chip.seenFrame({ ...UPRIGHT, mirror: true })).toEqual([0x80, 0, 0, 0, 0, 0, 0, 0]);
    expect(chip.seenFrame({ ...UPRIGHT, rotation: 90, mirror: true })).toEqual(topLeftOnly);
  });
});
