import { LogThrottle } from './log-throttle.js';

describe('LogThrottle', () => {
  let nowMs: number;
  const throttle = (maxKeys = 10) => new LogThrottle({ windowMs: 60_000, maxKeys, now: () => nowMs });

  beforeEach(() => {
    nowMs = 1_000;
  });

  it('lets one line per key and window through, and counts the rest for the next one', () => {
    const lines = throttle();
    expect(lines.admit('10.0.0.5')).toEqual({ suppressed: 0, shared: false });
    expect(lines.admit('10.0.0.5')).toBeNull();
    expect(lines.admit('10.0.0.5')).toBeNull();
    expect(lines.admit('10.0.0.6')).toEqual({ suppressed: 0, shared: false });
    nowMs += 59_999;
    expect(lines.admit('10.0.0.5')).toBeNull();
    nowMs += 1;
    expect(lines.admit('10.0.0.5')).toEqual({ suppressed: 3, shared: false });
    expect(lines.admit('10.0.0.5')).toBeNull();
  });

  it('bounds the keys it follows: past the limit, new keys share one window', () => {
    const lines = throttle(2);
    expect(lines.admit('a')).not.toBeNull();
    expect(lines.admit('b')).not.toBeNull();
    expect(lines.admit('c')).toEqual({ suppressed: 0, shared: true });
    expect(lines.admit('d')).toBeNull();
    expect(lines.admit('e')).toBeNull();
    nowMs += 60_000;
    // a and b are done with their windows: c takes a place of its own.
    expect(lines.admit('c')).toEqual({ suppressed: 0, shared: false });
  });

  it('writes a bounded number of lines however many addresses a scan uses', () => {
    const lines = throttle(5);
    let written = 0;
    for (let address = 0; address < 10_000; address += 1) {
      if (lines.admit(`10.1.${address >> 8}.${address & 255}`) !== null) written += 1;
    }
    expect(written).toBe(6);
  });
});
