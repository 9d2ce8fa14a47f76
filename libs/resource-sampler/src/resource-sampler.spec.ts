import { Logger } from '@nestjs/common';
import { firstValueFrom, skip, toArray } from 'rxjs';
import { vi } from 'vitest';
import type { ResourceSample } from './resource-sample.js';
import { ResourceSampler } from './resource-sampler.js';
import { type FixtureTree, fixtureText } from './testing/fixture-tree.js';
import { ManualSamplerClock } from './testing/manual.sampler-clock.js';
import { type FakeBoard, StrictFakeProcReader } from './testing/strict-fake.proc-reader.js';

const BOARD_FILES = [
  '/proc/stat',
  '/proc/meminfo',
  '/proc/net/dev',
  '/proc/diskstats',
  '/sys/class/thermal/thermal_zone0/temp',
  '/sys/class/thermal/thermal_zone1/temp',
];

function board(tree: FixtureTree): FakeBoard {
  return {
    files: Object.fromEntries(BOARD_FILES.map((path) => [path, fixtureText(tree, path)])),
    directories: {
      '/sys/devices/virtual/net': ['lo', 'lxcbr0', 'vethXYZ'],
      '/sys/class/thermal': ['cooling_device0', 'thermal_zone0', 'thermal_zone1'],
    },
  };
}

// pi-first -> pi-second. Levels come from pi-second: MemAvailable 604112 of 948304 kB
// (344192 kB used = 36.29...%), hottest zone 52460 m°C. Counter growth: CPU 340 busy of
// 800 jiffies; rx 1050000 and tx 210000 bytes over eth0 + wlan0; 201 disk I/Os.
const LEVELS = {
  cpuPercent: 42.5,
  memoryPercent: 36.3,
  memoryUsedBytes: 344192 * 1024,
  memoryTotalBytes: 948304 * 1024,
  temperatureCelsius: 52.5,
};
const OVER_TWO_SECONDS: ResourceSample = {
  ...LEVELS,
  takenAt: new Date('2025-11-25T12:00:02.000Z'),
  networkRxBytesPerSecond: 525000,
  networkTxBytesPerSecond: 105000,
  iops: 100.5,
};
const OVER_QUARTER_SECOND: ResourceSample = {
  ...LEVELS,
  takenAt: new Date('2025-11-25T12:00:00.250Z'),
  networkRxBytesPerSecond: 4200000,
  networkTxBytesPerSecond: 840000,
  iops: 804,
};

describe('ResourceSampler', () => {
  let reader: StrictFakeProcReader;
  let clock: ManualSamplerClock;
  let sampler: ResourceSampler;

  beforeEach(() => {
    vi.useFakeTimers();
    reader = new StrictFakeProcReader(board('pi-first'));
    clock = new ManualSamplerClock(new Date('2025-11-25T12:00:00.000Z'));
    sampler = new ResourceSampler(reader, { intervalMs: 1000 }, clock);
  });

  afterEach(() => {
    sampler.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
    expect(reader.unexpectedPaths).toEqual([]);
    expect(clock.unexpectedDelays).toEqual([]);
  });

  /** Moves the sampler's timers and its clock together. */
  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await vi.advanceTimersByTimeAsync(ms);
  }

  it('has no sample before the first one, and a baseline alone is none', async () => {
    expect(sampler.latest()).toBeNull();
    await sampler.start();
    expect(reader.calls('/proc/stat')).toBe(1);
    expect(sampler.latest()).toBeNull();
  });

  it('computes the exact sample from two readings', async () => {
    await sampler.start();
    reader.load(board('pi-second'));
    clock.advance(2000);

    const sample = await sampler.sampleNow();

    expect(sample).toEqual(OVER_TWO_SECONDS);
    expect(sampler.latest()).toEqual(OVER_TWO_SECONDS);
  });

  it('publishes the first sample min(intervalMs, 250 ms) after start, then one per interval', async () => {
    await sampler.start();
    const firstTwo = firstValueFrom(sampler.samples$.pipe(toArray()));
    reader.load(board('pi-second'));

    await advance(249);
    expect(reader.calls('/proc/stat')).toBe(1);
    await advance(1);
    expect(reader.calls('/proc/stat')).toBe(2);
    await advance(750);
    expect(reader.calls('/proc/stat')).toBe(3);
    sampler.onModuleDestroy();

    const [first, second] = await firstTwo;
    expect(first).toEqual(OVER_QUARTER_SECOND);
    // pi-second read again: nothing grew in the 750 ms between.
    expect(second).toEqual({
      ...LEVELS,
      cpuPercent: 0,
      takenAt: new Date('2025-11-25T12:00:01.000Z'),
      networkRxBytesPerSecond: 0,
      networkTxBytesPerSecond: 0,
      iops: 0,
    });
  });

  it('sampleNow without a baseline takes one and reads again min(intervalMs, 250 ms) later', async () => {
    clock.expectDelay(250, () => reader.load(board('pi-second')));

    expect(await sampler.sampleNow()).toEqual(OVER_QUARTER_SECOND);
    expect(reader.calls('/proc/stat')).toBe(2);
  });

  it('waits only intervalMs for the first sample when the interval is shorter than 250 ms', async () => {
    const fast = new ResourceSampler(reader, { intervalMs: 100 }, clock);
    clock.expectDelay(100, () => reader.load(board('pi-second')));

    const sample = await fast.sampleNow();

    // rx 1050000 bytes in 0.1 s
    expect(sample.networkRxBytesPerSecond).toBe(10500000);
  });

  it('gives 0 for sources that cannot be read and null without thermal zones', async () => {
    const unreadable: FakeBoard = {
      files: {
        '/proc/stat': null,
        '/proc/meminfo': null,
        '/proc/net/dev': fixtureText('pi-first', '/proc/net/dev'),
        '/proc/diskstats': null,
      },
      directories: { '/sys/devices/virtual/net': ['lo', 'lxcbr0', 'vethXYZ'], '/sys/class/thermal': [] },
    };
    reader.load(unreadable);
    await sampler.start();
    reader.load({ ...unreadable, files: { ...unreadable.files, '/proc/net/dev': fixtureText('pi-second', '/proc/net/dev') } });
    clock.advance(2000);

    expect(await sampler.sampleNow()).toEqual({
      takenAt: new Date('2025-11-25T12:00:02.000Z'),
      cpuPercent: 0,
      memoryPercent: 0,
      memoryUsedBytes: 0,
      memoryTotalBytes: 0,
      networkRxBytesPerSecond: 525000,
      networkTxBytesPerSecond: 105000,
      iops: 0,
      temperatureCelsius: null,
    });
  });

  it('keeps sampling after a failed reading and logs the failure once per streak', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await sampler.start();
    const failing = board('pi-second');
    failing.files['/proc/meminfo'] = new Error('EIO: i/o error');
    reader.load(failing);

    await advance(250);
    await advance(750);
    expect(reader.calls('/proc/meminfo')).toBe(3);
    expect(sampler.latest()).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('Board reading failed, keeping the last sample: Error: EIO: i/o error');

    reader.load(board('pi-second'));
    const published = firstValueFrom(sampler.samples$);
    await advance(1000);
    // compared with the baseline taken at start, 2 s before
    expect(await published).toEqual(OVER_TWO_SECONDS);
    expect(log).toHaveBeenCalledWith('Board readings work again');
  });

  it('lists the virtual interfaces again only when an interface appears, and the thermal zones once', async () => {
    await sampler.start();
    reader.load(board('pi-second'));
    await advance(250);
    await advance(750);
    await advance(1000);
    expect(reader.calls('/proc/stat')).toBe(4);
    expect(reader.calls('/sys/devices/virtual/net')).toBe(1);
    expect(reader.calls('/sys/class/thermal')).toBe(1);

    const withVeth = board('pi-second');
    withVeth.files['/proc/net/dev'] += 'vethNEW: 5 0 0 0 0 0 0 0 5 0 0 0 0 0 0 0\n';
    withVeth.directories['/sys/devices/virtual/net'] = ['lo', 'lxcbr0', 'vethXYZ', 'vethNEW'];
    reader.load(withVeth);
    const published = firstValueFrom(sampler.samples$.pipe(skip(1)));
    await advance(1000);
    expect(reader.calls('/sys/devices/virtual/net')).toBe(2);
    // The new veth is virtual: it adds nothing, and the physical interfaces did not grow.
    expect(await published).toMatchObject({ networkRxBytesPerSecond: 0, networkTxBytesPerSecond: 0 });
  });

  it('stops reading after stop()', async () => {
    await sampler.start();
    sampler.stop();
    await advance(5000);
    expect(reader.calls('/proc/stat')).toBe(1);
  });

  it('ignores start() while running', async () => {
    await sampler.start();
    await sampler.start();
    expect(reader.calls('/proc/stat')).toBe(1);
    await advance(1000);
    expect(reader.calls('/proc/stat')).toBe(3);
  });

  it('replays the latest sample to a late subscriber, then completes on module destroy', async () => {
    await sampler.start();
    reader.load(board('pi-second'));
    clock.advance(2000);
    await sampler.sampleNow();

    const seen = firstValueFrom(sampler.samples$.pipe(toArray()));
    sampler.onModuleDestroy();

    expect(await seen).toEqual([OVER_TWO_SECONDS]);
  });

  it.each([0, -1000, Number.NaN, Number.POSITIVE_INFINITY])('refuses intervalMs %s', (intervalMs) => {
    expect(() => new ResourceSampler(reader, { intervalMs }, clock)).toThrow(RangeError);
  });
});
