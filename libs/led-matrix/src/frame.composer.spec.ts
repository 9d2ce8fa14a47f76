import { frameToPicture } from './frame.js';
import { type FrameInput, DEFAULT_LED_SCALES, LED_ROWS } from './frame-input.js';
import { composeFrame } from './frame.composer.js';

const IDLE: FrameInput = {
  runningContainers: 0,
  cpuPercent: 0,
  memoryPercent: 0,
  networkTxBytesPerSecond: 0,
  networkRxBytesPerSecond: 0,
  iops: 0,
  tick: 0,
  sampleFresh: true,
  managerLink: 'never',
};

function row(input: Partial<FrameInput>, index: number, scales = DEFAULT_LED_SCALES): number | undefined {
  return composeFrame({ ...IDLE, ...input }, scales)[index];
}

describe('composeFrame', () => {
  it("draws the paper's example: four containers, CPU high, memory low, network and I/O idle", () => {
    const frame = composeFrame({ ...IDLE, runningContainers: 4, cpuPercent: 90, memoryPercent: 10, managerLink: 'active' });
    expect(frameToPicture(frame)).toEqual([
      '####....',
      '########',
      '#.......',
      '........',
      '........',
      '........',
      '#......#',
      '####....',
    ]);
  });

  describe.each([
    ['CPU', 'cpuPercent', LED_ROWS.cpu],
    ['memory', 'memoryPercent', LED_ROWS.memory],
  ] as const)('%s row: 12.5 %% per LED, rounded up', (_, field, index) => {
    it.each([
      [0, 0b00000000],
      [1, 0b00000001],
      [12.5, 0b00000001],
      [12.6, 0b00000011],
      [37.5, 0b00000111],
      [(3 / 8) * 100, 0b00000111],
      [50, 0b00001111],
      [87.5, 0b01111111],
      [99, 0b11111111],
      [100, 0b11111111],
      [150, 0b11111111],
      [Number.NaN, 0b00000000],
      [-5, 0b00000000],
    ])('%s %% lights row mask %i', (percent, mask) => {
      expect(row({ [field]: percent }, index)).toBe(mask);
    });

    it('leaves the other rows alone', () => {
      const frame = composeFrame({ ...IDLE, [field]: 100 });
      expect(frame.filter((_, y) => y !== index && y < LED_ROWS.heartbeat)).toEqual([0, 0, 0, 0, 0]);
    });
  });

  describe.each([
    ['network send', 'networkTxBytesPerSecond', LED_ROWS.networkTx],
    ['network receive', 'networkRxBytesPerSecond', LED_ROWS.networkRx],
  ] as const)('%s row against the network full scale', (_, field, index) => {
    it.each([
      [0, 0b00000000],
      [1, 0b00000001],
      [1_562_500, 0b00000001],
      [1_562_501, 0b00000011],
      [6_250_000, 0b00001111],
      [12_500_000, 0b11111111],
      [9e15, 0b11111111],
      [Number.POSITIVE_INFINITY, 0b11111111],
      [Number.NaN, 0b00000000],
      [-1_000, 0b00000000],
    ])('%s bytes/s at the default 100 Mbit/s scale lights row mask %i', (bytesPerSecond, mask) => {
      expect(row({ [field]: bytesPerSecond }, index)).toBe(mask);
    });

    it('follows a configured scale', () => {
      expect(row({ [field]: 500 }, index, { networkBytesPerSecond: 1000, iops: 400 })).toBe(0b00001111);
    });

    it('lights only its own row', () => {
      const frame = composeFrame({ ...IDLE, [field]: 12_500_000 });
      expect(frame.filter((_, y) => y !== index && y < LED_ROWS.heartbeat)).toEqual([0, 0, 0, 0, 0]);
    });
  });

  describe('IOPS row against the IOPS full scale (default 400)', () => {
    it.each([
      [0, 0b00000000],
      [0.2, 0b00000001],
      [50, 0b00000001],
      [51, 0b00000011],
      [200, 0b00001111],
      [399, 0b11111111],
      [400, 0b11111111],
      [25_000, 0b11111111],
      [Number.NaN, 0b00000000],
      [-3, 0b00000000],
    ])('%s IOPS lights row mask %i', (iops, mask) => {
      expect(row({ iops }, LED_ROWS.iops)).toBe(mask);
    });

    it('follows a configured scale', () => {
      expect(row({ iops: 2_000 }, LED_ROWS.iops, { networkBytesPerSecond: 1, iops: 8_000 })).toBe(0b00000011);
    });
  });

  describe('containers row: one LED each', () => {
    it.each([
      [0, 0b00000000],
      [1, 0b00000001],
      [7, 0b01111111],
      [8, 0b11111111],
      [20, 0b11111111],
      [Number.NaN, 0b00000000],
      [-2, 0b00000000],
    ])('%s running containers light row mask %i', (runningContainers, mask) => {
      expect(row({ runningContainers }, LED_ROWS.containers)).toBe(mask);
    });
  });

  describe('heartbeat row', () => {
    it('moves one dot a column to the right on each tick across columns 0..5, then wraps', () => {
      const dots = [0, 1, 2, 3, 4, 5, 6, 7].map((tick) => (row({ tick }, LED_ROWS.heartbeat) ?? 0) & 0b01111111);
      expect(dots).toEqual([0b1, 0b10, 0b100, 0b1000, 0b10000, 0b100000, 0b1, 0b10]);
    });

    it('keeps the rightmost LED steady while the sample is fresh', () => {
      for (const tick of [0, 1, 2, 3]) {
        expect((row({ tick, sampleFresh: true }, LED_ROWS.heartbeat) ?? 0) & 0x80).toBe(0x80);
      }
    });

    it('blinks the rightmost LED while the sample is stale: lit on even ticks, dark on odd ones', () => {
      const marks = [0, 1, 2, 3].map((tick) => (row({ tick, sampleFresh: false }, LED_ROWS.heartbeat) ?? 0) & 0x80);
      expect(marks).toEqual([0x80, 0, 0x80, 0]);
    });

    it('never lights column 6, which separates the dot from the freshness mark', () => {
      for (let tick = 0; tick < 12; tick += 1) {
        expect((row({ tick }, LED_ROWS.heartbeat) ?? 0) & 0x40).toBe(0);
      }
    });

    it('handles large tick counts', () => {
      expect(row({ tick: Number.MAX_SAFE_INTEGER }, LED_ROWS.heartbeat)).toBe(0x80 | (1 << (Number.MAX_SAFE_INTEGER % 6)));
    });
  });

  describe('manager link row', () => {
    it('is dark when no manager ever polled', () => {
      expect([0, 1].map((tick) => row({ tick, managerLink: 'never' }, LED_ROWS.managerLink))).toEqual([0, 0]);
    });

    it('shows a steady left half while a manager polls', () => {
      expect([0, 1].map((tick) => row({ tick, managerLink: 'active' }, LED_ROWS.managerLink))).toEqual([0x0f, 0x0f]);
    });

    it('blinks the leftmost LED alone once the manager stopped polling', () => {
      expect([0, 1, 2].map((tick) => row({ tick, managerLink: 'lost' }, LED_ROWS.managerLink))).toEqual([0x01, 0, 0x01]);
    });

    it('shows every other LED, steady, when the join was refused and no manager polls', () => {
      expect([0, 1].map((tick) => frameToPicture(composeFrame({ ...IDLE, tick, managerLink: 'refused' }))[7])).toEqual(['#.#.#.#.', '#.#.#.#.']);
    });
  });

  describe('not-ready pattern', () => {
    // memory-cgroup (check 4) and clock (check 8) failed; four containers, CPU at 50 %.
    const NOT_READY: FrameInput = { ...IDLE, runningContainers: 4, cpuPercent: 50, notReady: true, failedChecks: 0b10001000 };

    it('alternates two redraws of figures with two of the pattern: the failed checks on top, a checkerboard below', () => {
      const pictures = [0, 1, 2, 3, 4].map((tick) => frameToPicture(composeFrame({ ...NOT_READY, tick })));
      const figures = ['####....', '####....', '........', '........', '........', '........'];
      expect(pictures[0]!.slice(0, 6)).toEqual(figures);
      expect(pictures[1]!.slice(0, 6)).toEqual(figures);
      expect(pictures[4]!.slice(0, 6)).toEqual(figures);
      const pattern = ['...#...#', '#.#.#.#.', '.#.#.#.#', '#.#.#.#.', '.#.#.#.#', '#.#.#.#.'];
      expect(pictures[2]!.slice(0, 6)).toEqual(pattern);
      expect(pictures[3]!.slice(0, 6)).toEqual(pattern);
    });

    it('keeps the heartbeat and the manager link rows during the pattern', () => {
      const pattern = composeFrame({ ...NOT_READY, tick: 3, managerLink: 'refused' });
      expect(pattern[LED_ROWS.heartbeat]).toBe(0x80 | (1 << 3));
      expect(pattern[LED_ROWS.managerLink]).toBe(0b01010101);
    });

    it('shows an empty top row when only the join was refused, and never shows the pattern for a ready board', () => {
      expect(frameToPicture(composeFrame({ ...NOT_READY, failedChecks: 0, tick: 2 }))[0]).toBe('........');
      expect(frameToPicture(composeFrame({ ...NOT_READY, notReady: false, tick: 2 }))[1]).toBe('####....');
    });

    it('rejects a bitmask that is no byte', () => {
      expect(() => composeFrame({ ...NOT_READY, tick: 2, failedChecks: 256 })).toThrow(RangeError);
      expect(() => composeFrame({ ...NOT_READY, tick: 2, failedChecks: 1.5 })).toThrow(RangeError);
    });
  });

  it('rejects bad scales, ticks and link states', () => {
    expect(() => composeFrame(IDLE, { networkBytesPerSecond: 0, iops: 400 })).toThrow(RangeError);
    expect(() => composeFrame(IDLE, { networkBytesPerSecond: 1, iops: Number.NaN })).toThrow(RangeError);
    expect(() => composeFrame(IDLE, { networkBytesPerSecond: Number.POSITIVE_INFINITY, iops: 1 })).toThrow(RangeError);
    expect(() => composeFrame({ ...IDLE, tick: 1.5 })).toThrow(RangeError);
    expect(() => composeFrame({ ...IDLE, managerLink: 'maybe' as never })).toThrow(RangeError);
  });
});
