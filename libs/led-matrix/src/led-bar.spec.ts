import { barLength, barRow } from './led-bar.js';

describe('barLength', () => {
  it('counts eighths of full scale, rounded up, at least one for any positive value, at most eight', () => {
    expect([0, 0.001, 10, 10.01, 40, 79.99, 80, 1e9].map((value) => barLength(value, 80))).toEqual([0, 1, 1, 2, 4, 8, 8, 8]);
  });

  it('rejects a full scale that is not a positive finite number', () => {
    expect(() => barLength(1, 0)).toThrow(RangeError);
    expect(() => barLength(1, -1)).toThrow(RangeError);
    expect(() => barLength(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('barRow', () => {
  it('lights the leftmost LEDs (lowest bits)', () => {
    expect([0, 1, 3, 8].map(barRow)).toEqual([0, 0b1, 0b111, 0xff]);
  });

  it('rejects lengths outside 0..8', () => {
    expect(() => barRow(9)).toThrow(RangeError);
    expect(() => barRow(-1)).toThrow(RangeError);
    expect(() => barRow(1.5)).toThrow(RangeError);
  });
});
