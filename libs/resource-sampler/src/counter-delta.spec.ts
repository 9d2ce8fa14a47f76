import { counterDelta, summedDelta } from './counter-delta.js';

describe('counterDelta', () => {
  it('is the growth of a counter', () => {
    expect(counterDelta(1000, 1250)).toBe(250);
  });

  it('counts a wrapped or reset counter (second value lower) as 0', () => {
    expect(counterDelta(4294967000, 120)).toBe(0);
  });
});

describe('summedDelta', () => {
  it('sums per-name growth, a reset on one name not cancelling growth on another', () => {
    const previous = new Map([
      ['eth0', 1000],
      ['wlan0', 900_000],
    ]);
    const current = new Map([
      ['eth0', 1600],
      ['wlan0', 300],
    ]);
    expect(summedDelta(previous, current)).toBe(600);
  });

  it('ignores names present in only one snapshot', () => {
    const previous = new Map([
      ['eth0', 1000],
      ['usb0', 50],
    ]);
    const current = new Map([
      ['eth0', 1100],
      ['eth1', 999_999],
    ]);
    expect(summedDelta(previous, current)).toBe(100);
  });
});
