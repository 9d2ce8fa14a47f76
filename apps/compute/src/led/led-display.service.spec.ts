import { Logger } from '@nestjs/common';
import { frameFromPicture, frameToPicture, type MatrixMounting } from '@tinystack/led-matrix';
import { vi, type MockInstance } from 'vitest';
import { createLedDisplay, sampleWith } from './testing/led-display.harness.js';

const OSCILLATOR_ON = { method: 'sendByte', address: 0x70, bytes: [0x21] };
const CLEAR_RAM = { method: 'i2cWrite', address: 0x70, bytes: [0x00, ...new Array(16).fill(0)] };
const DISPLAY_ON_NO_BLINK = { method: 'sendByte', address: 0x70, bytes: [0x81] };
const ramWrite = (ram: number[]) => ({ method: 'i2cWrite', address: 0x70, bytes: [0x00, ...ram] });
const command = (byte: number) => ({ method: 'sendByte', address: 0x70, bytes: [byte] });

/** 3 containers, CPU 50 %, memory 12.5 %, nothing sent, receive at full scale, 1 IOPS. */
const BUSY_BOARD = sampleWith({
  cpuPercent: 50,
  memoryPercent: 12.5,
  networkTxBytesPerSecond: 0,
  networkRxBytesPerSecond: 12_500_000,
  iops: 1,
});

describe('LedDisplayService with an emulated HT16K33', () => {
  let warn: MockInstance;
  let log: MockInstance;

  beforeEach(() => {
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('initialises the chip in the datasheet order on the first redraw, then writes the frame', async () => {
    const { display, chip, board, options } = createLedDisplay();
    board.sample = BUSY_BOARD;
    board.runningContainers = 3;

    await display.redraw();

    // Adafruit backpack, upright: row y in byte 2y, column 0 on bit 7, columns 1..7 on bits 0..6.
    const ram = [0x83, 0, 0x87, 0, 0x80, 0, 0x00, 0, 0xff, 0, 0x80, 0, 0xc0, 0, 0x00, 0];
    expect(chip.transfers).toEqual([OSCILLATOR_ON, CLEAR_RAM, DISPLAY_ON_NO_BLINK, command(0xe8), ramWrite(ram)]);
    const expected = frameFromPicture([
      '###.....', // 3 containers
      '####....', // CPU 50 %
      '#.......', // memory 12.5 %
      '........', // nothing sent
      '########', // receiving at full scale
      '#.......', // 1 IOPS lights one LED
      '#......#', // heartbeat at its first step, figures fresh
      '........', // no manager has polled yet
    ]);
    expect(chip.seenFrame(options.mounting)).toEqual(expected);
    expect(display.status().rows).toEqual(expected);
    expect(display.status().device).toEqual({
      enabled: true,
      bus: 1,
      address: '0x70',
      connected: true,
      lastError: null,
      lastErrorAt: null,
    });
  });

  it('sends a changed figure as exactly one RAM transfer with the new bytes', async () => {
    const { display, chip, board, options } = createLedDisplay();
    board.sample = BUSY_BOARD;
    board.runningContainers = 3;
    await display.redraw();
    chip.clearLog();

    board.runningContainers = 5;
    await display.redraw();

    // Row 0 now has columns 0..4 (bits 7,0..3); the heartbeat stepped to column 1 (bit 0), fresh LED on bit 6.
    const ram = [0x8f, 0, 0x87, 0, 0x80, 0, 0x00, 0, 0xff, 0, 0x80, 0, 0x41, 0, 0x00, 0];
    expect(chip.transfers).toEqual([ramWrite(ram)]);
    expect(display.status().rows[0]).toBe(0b11111);
    expect(chip.seenFrame(options.mounting)).toEqual(display.status().rows);
  });

  it('sends nothing when the picture did not change', async () => {
    const { display, connection, chip } = createLedDisplay();
    await display.redraw();
    const picture = { frame: display.status().rows, blink: 'off' as const, brightness: 8 };
    chip.clearLog();

    await connection.show(picture);
    await connection.show({ ...picture, frame: [...picture.frame] });
    await display.update({ brightness: 8, blink: 'off' });

    expect(chip.transfers).toEqual([]);
  });

  it('coalesces pictures wished while a transfer runs into one follow-up with the newest', async () => {
    const { connection, chip, options } = createLedDisplay();
    const picture = (row0: number) => ({ frame: [row0, 0, 0, 0, 0, 0, 0, 0], blink: 'off' as const, brightness: 8 });
    await connection.show(picture(0b1));
    chip.clearLog();

    await Promise.all([connection.show(picture(0b11)), connection.show(picture(0b111)), connection.show(picture(0b1111))]);

    expect(chip.transfers.map((transfer) => transfer.method)).toEqual(['i2cWrite', 'i2cWrite']);
    expect(chip.seenFrame(options.mounting)[0]).toBe(0b1111);
  });

  it('sends the dimming and display-setup commands for a brightness or blink change', async () => {
    const { display, chip } = createLedDisplay();
    await display.redraw();
    chip.clearLog();

    const dimmer = await display.update({ brightness: 3 });
    expect(chip.transfers).toEqual([command(0xe3)]);
    expect(chip.dimming).toBe(3);
    expect(dimmer).toMatchObject({ brightness: 3, blink: 'off' });

    chip.clearLog();
    const blinking = await display.update({ blink: '1Hz' });
    expect(chip.transfers).toEqual([command(0x85)]);
    expect(chip.blinkSetting).toBe(2);
    expect(chip.displayOn).toBe(true);
    expect(blinking).toMatchObject({ brightness: 3, blink: '1Hz' });

    chip.clearLog();
    await display.update({ brightness: 15, blink: 'off' });
    expect(chip.transfers).toEqual([command(0x81), command(0xef)]);
  });

  it('lights and blinks the whole matrix while identifying, then returns to normal drawing', async () => {
    const { display, chip, clock, board, options } = createLedDisplay();
    board.sample = BUSY_BOARD;
    board.runningContainers = 2;
    await display.redraw();
    const normalRows = display.status().rows;
    chip.clearLog();

    const answer = await display.identify(2);

    const allLit = [0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0];
    expect(chip.transfers).toEqual([ramWrite(allLit), command(0x83)]);
    expect(chip.blinkSetting).toBe(1);
    expect(chip.seenFrame(options.mounting)).toEqual(new Array(8).fill(0xff));
    expect(answer).toMatchObject({ identifying: true, rows: new Array(8).fill(0xff), blink: 'off' });

    chip.clearLog();
    clock.advance(1_999);
    await display.redraw();
    expect(chip.transfers).toEqual([]);
    expect(display.status().identifying).toBe(true);

    clock.advance(1);
    await display.redraw();
    const status = display.status();
    expect(status.identifying).toBe(false);
    expect(status.rows.slice(0, 6)).toEqual(normalRows.slice(0, 6));
    expect(chip.transfers).toHaveLength(2);
    expect(chip.transfers[1]).toEqual(command(0x81));
    expect(chip.blinkSetting).toBe(0);
    expect(chip.seenFrame(options.mounting)).toEqual(status.rows);
  });

  it('shows the terminal prompt, steady, for 2 s when a terminal session opens, then the figures again; identify wins over it', async () => {
    vi.useFakeTimers();
    const { display, chip, clock, board, options, terminalOpenings } = createLedDisplay();
    board.sample = BUSY_BOARD;
    board.runningContainers = 2;
    await display.onApplicationBootstrap();
    await display.update({ blink: '1Hz' });
    chip.clearLog();

    terminalOpenings.next('web1');
    await vi.advanceTimersByTimeAsync(0);

    // ">_" on the upright backpack: column 0 on bit 7, columns 1..7 on bits 0..6; then the blink is switched off.
    const prompt = [0x00, 0, 0x01, 0, 0x02, 0, 0x04, 0, 0x02, 0, 0x01, 0, 0x00, 0, 0x38, 0];
    expect(chip.transfers).toEqual([ramWrite(prompt), command(0x81)]);
    const expected = frameFromPicture(['........', '.#......', '..#.....', '...#....', '..#.....', '.#......', '........', '....###.']);
    expect(chip.seenFrame(options.mounting)).toEqual(expected);
    expect(chip.blinkSetting).toBe(0);
    expect(display.status()).toMatchObject({ rows: expected, identifying: false, blink: '1Hz' });

    chip.clearLog();
    clock.advance(1_999);
    await vi.advanceTimersByTimeAsync(options.intervalMs);
    expect(chip.transfers).toEqual([]);

    clock.advance(1);
    await vi.advanceTimersByTimeAsync(options.intervalMs);
    const rows = display.status().rows;
    expect(frameToPicture(rows).slice(0, 2)).toEqual(['##......', '####....']);
    expect(chip.transfers.map((transfer) => transfer.method)).toEqual(['i2cWrite', 'sendByte']);
    expect(chip.transfers[1]).toEqual(command(0x85));
    expect(chip.seenFrame(options.mounting)).toEqual(rows);

    await display.identify(5);
    chip.clearLog();
    terminalOpenings.next('web2');
    await vi.advanceTimersByTimeAsync(0);
    expect(chip.transfers).toEqual([]);
    expect(chip.seenFrame(options.mounting)).toEqual(new Array(8).fill(0xff));
    await display.onModuleDestroy();
  });

  it('keeps composing on a missing bus, warns once, and shows the current frame once a retry succeeds', async () => {
    const { display, chip, clock, board, options } = createLedDisplay();
    chip.failTransfersWith('ENOENT');
    board.sample = BUSY_BOARD;

    await display.redraw();
    const failedAt = clock.now().toISOString();
    for (let redraw = 1; redraw <= 4; redraw += 1) {
      clock.advance(500);
      board.runningContainers = redraw;
      await display.redraw();
    }

    expect(warn).toHaveBeenCalledTimes(1);
    const warning = String(warn.mock.calls[0]?.[0]);
    expect(warning).toContain('0x70');
    expect(warning).toContain('/dev/i2c-1');
    expect(warning).toContain('does not exist');
    const status = display.status();
    expect(status.device).toMatchObject({ enabled: true, bus: 1, address: '0x70', connected: false, lastErrorAt: failedAt });
    expect(status.device.lastError).toMatch(/0x70 on I2C bus 1 \(\/dev\/i2c-1\): \/dev\/i2c-1 does not exist/);
    expect(status.rows[0]).toBe(0b1111);

    chip.failTransfersWith(null);
    clock.advance(27_999); // 29 999 ms after the failure: the retry is not due yet
    await display.redraw();
    expect(chip.transfers).toEqual([]);

    clock.advance(1);
    board.runningContainers = 6;
    await display.redraw();

    const [first, second, third, fourth, write] = chip.transfers;
    expect([first, second, third, fourth]).toEqual([OSCILLATOR_ON, CLEAR_RAM, DISPLAY_ON_NO_BLINK, command(0xe8)]);
    expect(write?.method).toBe('i2cWrite');
    const reconnected = display.status();
    expect(reconnected.rows[0]).toBe(0b111111);
    expect(chip.seenFrame(options.mounting)).toEqual(reconnected.rows);
    expect(reconnected.device.connected).toBe(true);
    expect(reconnected.device.lastError).toContain('does not exist');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('LED display connected'));
  });

  it('drops the connection when a transfer fails later, and restores brightness and blink on reconnecting', async () => {
    const { display, chip, clock, options } = createLedDisplay();
    await display.redraw();
    await display.update({ brightness: 2, blink: '0.5Hz' });

    chip.failTransfersWith('EREMOTEIO');
    clock.advance(500);
    await display.redraw();
    expect(display.status().device.connected).toBe(false);
    expect(display.status().device.lastError).toContain('No chip answered at 0x70 on /dev/i2c-1');
    expect(warn).toHaveBeenCalledTimes(1);

    chip.failTransfersWith(null);
    chip.clearLog();
    clock.advance(30_000);
    await display.redraw();

    expect(chip.commandBytes).toEqual([0x21, 0x00, 0x81, 0xe2, 0x00, 0x87]);
    expect(chip.dimming).toBe(2);
    expect(chip.blinkSetting).toBe(3);
    expect(chip.seenFrame(options.mounting)).toEqual(display.status().rows);
  });

  it('keeps a PUT while the chip is away and applies it when the chip comes back', async () => {
    const { display, chip, clock } = createLedDisplay();
    chip.failTransfersWith('ENXIO');
    await display.redraw();

    const answer = await display.update({ brightness: 12 });
    expect(answer).toMatchObject({ brightness: 12, device: { connected: false } });

    chip.failTransfersWith(null);
    clock.advance(30_000);
    await display.redraw();
    expect(chip.dimming).toBe(12);
  });

  it('blinks the freshness LED once the same sample has been the latest for three sample intervals', async () => {
    const { display, clock, board } = createLedDisplay();
    const freshnessLed = (rows: number[]) => (rows[6]! >> 7) & 1;

    await display.redraw(); // tick 0, no sample at all: stale, lit on even ticks
    expect(freshnessLed(display.status().rows)).toBe(1);
    await display.redraw(); // tick 1
    expect(freshnessLed(display.status().rows)).toBe(0);

    board.sample = sampleWith({ cpuPercent: 10 });
    await display.redraw(); // tick 2
    clock.advance(2_999);
    await display.redraw(); // tick 3, same sample, still fresh
    expect(freshnessLed(display.status().rows)).toBe(1);

    clock.advance(1);
    await display.redraw(); // tick 4: stale, even tick
    expect(freshnessLed(display.status().rows)).toBe(1);
    await display.redraw(); // tick 5: stale, odd tick
    expect(freshnessLed(display.status().rows)).toBe(0);

    board.sample = sampleWith({ cpuPercent: 20 });
    await display.redraw(); // tick 6
    await display.redraw(); // tick 7: a new sample is fresh again
    expect(freshnessLed(display.status().rows)).toBe(1);
  });

  it('shows the manager link on the bottom row: dark, then four LEDs while polled, then a blinking one', async () => {
    const { display, clock, managerPolls } = createLedDisplay();
    await display.redraw();
    expect(display.status().rows[7]).toBe(0);

    managerPolls.recordPoll();
    clock.advance(9_999);
    await display.redraw(); // tick 1
    expect(display.status().rows[7]).toBe(0b1111);

    clock.advance(1);
    await display.redraw(); // tick 2: lost, lit on even ticks
    expect(display.status().rows[7]).toBe(0b1);
    await display.redraw(); // tick 3
    expect(display.status().rows[7]).toBe(0);

    managerPolls.recordPoll();
    await display.redraw();
    expect(display.status().rows[7]).toBe(0b1111);
  });

  it('draws upright for a person on a turned and mirrored straight-wired board', async () => {
    const mounting: MatrixMounting = { layout: 'straight', rotation: 90, mirror: true };
    const { display, chip, board } = createLedDisplay({ mounting });
    board.sample = BUSY_BOARD;
    board.runningContainers = 4;

    await display.redraw();

    expect(chip.seenFrame(mounting)).toEqual(display.status().rows);
    expect(display.status().rows[0]).toBe(0b1111);
    expect(display.status().mounting).toEqual({ layout: 'straight', rotation: 90, mirror: true });
  });

  it('never touches the bus when disabled, yet composes the frame', async () => {
    const { display, chip, board } = createLedDisplay({ enabled: false });
    board.runningContainers = 2;

    await display.redraw();
    await display.update({ brightness: 1 });
    await display.identify(1);
    await display.onModuleDestroy();

    expect(chip.transfers).toEqual([]);
    expect(chip.closed).toBe(false);
    const status = display.status();
    expect(status.device).toEqual({ enabled: false, bus: 1, address: '0x70', connected: false, lastError: null, lastErrorAt: null });
    expect(status.rows).toEqual(new Array(8).fill(0xff));
    expect(warn).not.toHaveBeenCalled();
  });

  it('alternates the figures with the not-ready pattern while a check fails, and shows a refused join on the bottom row', async () => {
    const { display, chip, board, options, condition } = createLedDisplay();
    board.sample = BUSY_BOARD;
    board.runningContainers = 3;
    condition.recordChecks([
      { name: 'memory-cgroup', ok: false, detail: 'off', fix: 'on' },
      { name: 'clock', ok: false, detail: 'late', fix: 'sync' },
      { name: 'nftables', ok: false, detail: 'not root', fix: 'root' },
      { name: 'programs', ok: true, detail: 'fine', fix: null },
      { name: 'lxc', ok: true, detail: 'fine', fix: null },
    ]);
    condition.recordJoinRefused(true);

    const frames: string[][] = [];
    for (let redraw = 0; redraw < 4; redraw++) {
      await display.redraw();
      frames.push(frameToPicture(chip.seenFrame(options.mounting)));
    }

    expect(frames[0]!.slice(0, 2)).toEqual(['###.....', '####....']);
    expect(frames[1]!.slice(0, 2)).toEqual(['###.....', '####....']);
    // nftables lights the LED it shares with programs, the third.
    expect(frames[2]!.slice(0, 6)).toEqual(['..##...#', '#.#.#.#.', '.#.#.#.#', '#.#.#.#.', '.#.#.#.#', '#.#.#.#.']);
    expect(frames[3]![0]).toBe('..##...#');
    for (const frame of frames) expect(frame[7]).toBe('#.#.#.#.');
    expect(display.status().legend[0]!.meaning).toContain('1 lxc, 2 bridge, 3 programs or nftables, 4 memory-cgroup, 5 page-size, 6 disk, 7 i2c, 8 clock');

    condition.recordChecks([]);
    condition.recordJoinRefused(false);
    await display.redraw();
    expect(frameToPicture(chip.seenFrame(options.mounting)).slice(0, 2)).toEqual(['###.....', '####....']);
  });

  it('redraws on its timer from start-up, and blanks the display and closes the bus on shutdown', async () => {
    vi.useFakeTimers();
    const { display, chip, options } = createLedDisplay();

    await display.onApplicationBootstrap();
    expect(chip.seenFrame(options.mounting)[6]! & 0b111111).toBe(0b1); // the heartbeat dot, one step per redraw
    await vi.advanceTimersByTimeAsync(options.intervalMs);
    expect(chip.seenFrame(options.mounting)[6]! & 0b111111).toBe(0b10);
    await vi.advanceTimersByTimeAsync(options.intervalMs);
    expect(chip.seenFrame(options.mounting)[6]! & 0b111111).toBe(0b100);

    chip.clearLog();
    await display.onModuleDestroy();
    expect(chip.transfers).toEqual([command(0x80)]);
    expect(chip.displayOn).toBe(false);
    expect(chip.closed).toBe(true);

    await vi.advanceTimersByTimeAsync(options.intervalMs * 4);
    expect(chip.transfers).toEqual([command(0x80)]);
  });

  it('closes the bus without blanking when the chip never answered', async () => {
    const { display, chip } = createLedDisplay();
    chip.failTransfersWith('ENOENT');
    await display.redraw();
    chip.failTransfersWith(null);

    await display.onModuleDestroy();

    expect(chip.transfers).toEqual([]);
    expect(chip.closed).toBe(true);
  });
});
