import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { UPRIGHT_BACKPACK, type Frame } from '@tinystack/led-matrix';
import { EmulatedHt16k33 } from '../../../libs/led-matrix/src/test-support/index.js';
import { createTemporaryLxcPath, describeWithLxc, openTerminalSocket, removeLxcPath } from '../../../libs/lxc-driver/src/test-support/index.js';
import { TERMINAL_OPENED_FRAME, TERMINAL_OPENED_MS } from '../src/led/led-display.service.js';
import { startComputeTestApp, TEST_TOKEN, type ComputeTestApp } from './compute-test-app.js';

const LED_INTERVAL_MS = 200;
/** A few redraws: long enough for any change to be drawn, short enough to fail fast. */
const REDRAW_DEADLINE_MS = 10 * LED_INTERVAL_MS;

/** Polls GET /led until `accept` holds for its rows; fails with the last rows after the deadline. */
async function waitForRows(node: ComputeTestApp, accept: (rows: number[]) => boolean, what: string): Promise<number[]> {
  const deadline = Date.now() + REDRAW_DEADLINE_MS;
  for (;;) {
    const { status, body } = await node.call('GET', '/led');
    expect(status).toBe(200);
    if (accept(body.rows)) return body.rows;
    if (Date.now() > deadline) throw new Error(`GET /led never showed ${what}; last rows: ${JSON.stringify(body.rows)}`);
    await sleep(LED_INTERVAL_MS / 4);
  }
}

/** The first /dev/i2c-N that does not exist, so the bus-missing path is taken on any machine. */
function missingBusNumber(): number {
  let bus = 1;
  while (existsSync(`/dev/i2c-${bus}`)) bus += 1;
  return bus;
}

describeWithLxc('LED display on a compute node without an I2C bus (real I2cDevBus)', () => {
  const busNumber = missingBusNumber();
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, I2C_BUS: busNumber, LED_INTERVAL_MS });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('starts, reports the missing bus, composes frames and keeps the other routes working', async () => {
    const led = await node.call('GET', '/led');
    expect(led.status).toBe(200);
    expect(led.body.device).toMatchObject({ enabled: true, bus: busNumber, address: '0x70', connected: false });
    expect(led.body.device.lastError).toContain(`/dev/i2c-${busNumber} does not exist`);
    expect(Date.parse(led.body.device.lastErrorAt)).not.toBeNaN();
    expect(led.body.rows).toHaveLength(8);
    expect(led.body.rows[7]).toBe(0); // no manager has polled yet
    expect(led.body.legend.map((entry: { row: number }) => entry.row)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(led.body.legend[0]).toMatchObject({ label: 'Containers' });
    expect(led.body).toMatchObject({
      brightness: 8,
      blink: 'off',
      identifying: false,
      mounting: { layout: 'adafruit-backpack', rotation: 0, mirror: false },
    });
    expect(Date.now() - Date.parse(led.body.updatedAt)).toBeLessThan(REDRAW_DEADLINE_MS);

    const usage = await node.call('GET', '/usage');
    expect(usage.status).toBe(200);
    await waitForRows(node, (rows) => rows[7] === 0b1111, 'the manager link as active after GET /usage');
    expect((await node.call('GET', '/health')).status).toBe(200);
  });

  it('shows started containers on row 0 and clears them when they are deleted', async () => {
    await waitForRows(node, (rows) => rows[0] === 0, 'no containers');

    for (const name of ['ledbox1', 'ledbox2']) {
      const created = await node.call('POST', '/instances', { name, start: true });
      expect(created.status).toBe(201);
      expect(created.body.state).toBe('RUNNING');
    }
    await waitForRows(node, (rows) => rows[0] === 0b11, 'two running containers on row 0');

    for (const name of ['ledbox1', 'ledbox2']) {
      expect((await node.call('DELETE', `/instances/${name}?force=true`)).status).toBe(204);
    }
    await waitForRows(node, (rows) => rows[0] === 0, 'row 0 dark after deleting the containers');
  });

  it('refuses a PUT without a field, with an out-of-range or unknown one, and any call without a token', async () => {
    const empty = await node.call('PUT', '/led', {});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('Send brightness (0..15), blink (off, 2Hz, 1Hz, 0.5Hz) or both');

    const tooBright = await node.call('PUT', '/led', { brightness: 16 });
    expect(tooBright.status).toBe(400);
    expect(tooBright.body.message).toBe('brightness must be a whole number from 0 to 15 (got 16)');

    const unknown = await node.call('PUT', '/led', { brightness: 4, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('property colour should not exist');

    const badBlink = await node.call('PUT', '/led', { blink: 'fast' });
    expect(badBlink.status).toBe(400);
    expect(badBlink.body.message).toBe('blink must be one of: off, 2Hz, 1Hz, 0.5Hz');

    const tooLong = await node.call('POST', '/led/identify', { seconds: 61 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toBe('seconds must be at most 60');

    for (const [method, path] of [
      ['GET', '/led'],
      ['PUT', '/led'],
      ['POST', '/led/identify'],
    ] as const) {
      const missing = await node.call(method, path, undefined, null);
      expect(missing.status, `${method} ${path} without token`).toBe(401);
    }
    expect((await node.call('GET', '/led')).body.brightness).toBe(8);
  });

  it('accepts a PUT while no chip answers and reports it back', async () => {
    const answer = await node.call('PUT', '/led', { brightness: 2 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ brightness: 2, device: { connected: false } });
  });
});

describeWithLxc('LED display on a compute node with an emulated HT16K33', () => {
  const mounting = UPRIGHT_BACKPACK;
  let lxcPath: string;
  let chip: EmulatedHt16k33;
  let node: ComputeTestApp;

  /** The rows the chip shows, read when no redraw happened during GET /led (every redraw moves the heartbeat). */
  async function seenAndReported(): Promise<{ seen: Frame; reported: number[] }> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const before = chip.seenFrame(mounting);
      const { body } = await node.call('GET', '/led');
      const after = chip.seenFrame(mounting);
      if (JSON.stringify(before) === JSON.stringify(after)) return { seen: after, reported: body.rows };
    }
    throw new Error('The chip changed during every GET /led');
  }

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    chip = new EmulatedHt16k33();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, LED_INTERVAL_MS }, { i2cBus: chip });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('shows on the chip exactly the rows GET /led reports', async () => {
    const { body } = await node.call('GET', '/led');
    expect(body.device).toEqual({ enabled: true, bus: 1, address: '0x70', connected: true, lastError: null, lastErrorAt: null });
    expect(chip.oscillatorOn).toBe(true);
    expect(chip.displayOn).toBe(true);
    expect(chip.dimming).toBe(8);

    const { seen, reported } = await seenAndReported();
    expect(reported).toEqual(seen);
    expect(seen[6]).not.toBe(0); // the heartbeat row always has its dot
  });

  it('passes brightness and blink changes on to the chip', async () => {
    const dimmer = await node.call('PUT', '/led', { brightness: 3 });
    expect(dimmer.status).toBe(200);
    expect(dimmer.body).toMatchObject({ brightness: 3, blink: 'off' });
    expect(chip.dimming).toBe(3);

    const blinking = await node.call('PUT', '/led', { blink: '1Hz' });
    expect(blinking.status).toBe(200);
    expect(blinking.body).toMatchObject({ brightness: 3, blink: '1Hz' });
    expect(chip.blinkSetting).toBe(2);
  });

  it('identifies the board for the asked time, a new request restarting the count, then draws normally again', async () => {
    const withDefault = await node.call('POST', '/led/identify');
    expect(withDefault.status).toBe(202);
    expect(withDefault.body).toMatchObject({ identifying: true, rows: new Array(8).fill(255) });
    expect(chip.seenFrame(mounting)).toEqual(new Array(8).fill(255));
    expect(chip.blinkSetting).toBe(1);

    const short = await node.call('POST', '/led/identify', { seconds: 1 });
    expect(short.status).toBe(202);
    expect(short.body.identifying).toBe(true);

    const deadline = Date.now() + 1000 + REDRAW_DEADLINE_MS;
    while ((await node.call('GET', '/led')).body.identifying) {
      if (Date.now() > deadline) throw new Error('Still identifying long after the second request ended it');
      await sleep(LED_INTERVAL_MS / 4);
    }
    expect(chip.blinkSetting).toBe(2); // back to the 1Hz set before
    const { seen, reported } = await seenAndReported();
    expect(reported).toEqual(seen);
    expect(seen).not.toEqual(new Array(8).fill(255));
  });

  it('shows the terminal prompt for a moment when a terminal session opens on the board, then the figures', async () => {
    expect((await node.call('POST', '/instances', { name: 'led-term', start: true })).status).toBe(201);
    const terminal = await openTerminalSocket(`${node.baseUrl}/instances/led-term/console`, { authorization: `Bearer ${TEST_TOKEN}` });
    try {
      const deadline = Date.now() + REDRAW_DEADLINE_MS;
      while (JSON.stringify(chip.seenFrame(mounting)) !== JSON.stringify(TERMINAL_OPENED_FRAME)) {
        if (Date.now() > deadline) throw new Error(`The chip never showed the terminal prompt; it shows ${JSON.stringify(chip.seenFrame(mounting))}`);
        await sleep(LED_INTERVAL_MS / 4);
      }
      const shownAt = Date.now();
      expect((await node.call('GET', '/led')).body.rows).toEqual([...TERMINAL_OPENED_FRAME]);
      while (JSON.stringify(chip.seenFrame(mounting)) === JSON.stringify(TERMINAL_OPENED_FRAME)) {
        if (Date.now() > shownAt + TERMINAL_OPENED_MS + REDRAW_DEADLINE_MS) throw new Error('The terminal prompt stayed long after its 2 s');
        await sleep(LED_INTERVAL_MS / 4);
      }
      expect(Date.now() - shownAt).toBeGreaterThanOrEqual(TERMINAL_OPENED_MS - 2 * LED_INTERVAL_MS);
      expect(chip.seenFrame(mounting)[0]).toBe(0b1); // the figures again: one running container
    } finally {
      terminal.socket.close();
      await terminal.closed;
    }
  });

  it('blanks the display and releases the bus when the node stops', async () => {
    await node.close();
    expect(chip.displayOn).toBe(false);
    expect(chip.closed).toBe(true);
  });
});
