import { memoryFigures, parseMemoryInfo } from './memory.js';
import { ProcText } from './proc-text.js';
import { fixtureProcText } from './testing/fixture-tree.js';

describe('parseMemoryInfo', () => {
  it('takes MemTotal and MemAvailable in bytes', () => {
    expect(parseMemoryInfo(fixtureProcText('pi-first', '/proc/meminfo'))).toEqual({
      totalBytes: 948304 * 1024,
      availableBytes: 612464 * 1024,
    });
  });

  it('without MemAvailable (kernel < 3.14) takes MemFree + Buffers + Cached + SReclaimable', () => {
    // 312040 + 24580 + 301220 + 21548 = 659388 kB
    expect(parseMemoryInfo(fixtureProcText('old-kernel', '/proc/meminfo'))).toEqual({
      totalBytes: 948304 * 1024,
      availableBytes: 659388 * 1024,
    });
  });

  it('counts missing fallback terms as 0', () => {
    expect(parseMemoryInfo(ProcText.of('MemTotal: 1000 kB\nMemFree: 400 kB\nCached: 100 kB\n'))).toEqual({
      totalBytes: 1000 * 1024,
      availableBytes: 500 * 1024,
    });
  });

  it('caps available at total', () => {
    expect(parseMemoryInfo(ProcText.of('MemTotal: 1000 kB\nMemFree: 900 kB\nCached: 300 kB\n'))).toEqual({
      totalBytes: 1000 * 1024,
      availableBytes: 1000 * 1024,
    });
  });

  it('skips blank, garbage and corrupt lines', () => {
    const text = '\n  \ngarbage\nMemTotal:\t 2000 kB\nMemAvailable: lots kB\n:\nMemFree: 500 kB\n';
    expect(parseMemoryInfo(ProcText.of(text))).toEqual({ totalBytes: 2000 * 1024, availableBytes: 500 * 1024 });
  });

  it('takes MemTotal and MemAvailable in whichever order, the first good value of each', () => {
    expect(parseMemoryInfo(ProcText.of('MemAvailable: 300 kB\nMemFree: 100 kB\nMemTotal: 1000 kB\nMemTotal: 5 kB\n'))).toEqual({
      totalBytes: 1000 * 1024,
      availableBytes: 300 * 1024,
    });
  });

  it('is null without MemTotal', () => {
    expect(parseMemoryInfo(ProcText.of('MemFree: 500 kB\n'))).toBeNull();
    expect(parseMemoryInfo(ProcText.of(''))).toBeNull();
  });
});

describe('memoryFigures', () => {
  it('reports used = total - available with MemAvailable', () => {
    // 948304 - 612464 = 335840 kB used; 335840 / 948304 = 35.41...%
    expect(memoryFigures(parseMemoryInfo(fixtureProcText('pi-first', '/proc/meminfo')))).toEqual({
      memoryPercent: 35.4,
      memoryUsedBytes: 343900160,
      memoryTotalBytes: 971063296,
    });
  });

  it('reports used from the fallback estimate without MemAvailable', () => {
    // 948304 - 659388 = 288916 kB used; 288916 / 948304 = 30.47...%
    expect(memoryFigures(parseMemoryInfo(fixtureProcText('old-kernel', '/proc/meminfo')))).toEqual({
      memoryPercent: 30.5,
      memoryUsedBytes: 295849984,
      memoryTotalBytes: 971063296,
    });
  });

  it('is all zero without a reading', () => {
    expect(memoryFigures(null)).toEqual({ memoryPercent: 0, memoryUsedBytes: 0, memoryTotalBytes: 0 });
  });
});
