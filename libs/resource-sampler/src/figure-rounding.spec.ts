import { perSecond, roundToTenth, toPercent } from './figure-rounding.js';

describe('toPercent', () => {
  it('gives one decimal place', () => {
    // 1 / 3 = 33.333...%
    expect(toPercent(1, 3)).toBe(33.3);
    // 2 / 3 = 66.666...%
    expect(toPercent(2, 3)).toBe(66.7);
  });

  it('clamps to 0..100', () => {
    expect(toPercent(150, 100)).toBe(100);
    expect(toPercent(-5, 100)).toBe(0);
  });

  it('is 0 when the whole is 0', () => {
    expect(toPercent(0, 0)).toBe(0);
    expect(toPercent(5, 0)).toBe(0);
  });
});

describe('perSecond', () => {
  it('divides by the elapsed seconds', () => {
    expect(perSecond(1050, 0.5)).toBe(2100);
  });

  it('is 0 when no time elapsed or the clock went backwards', () => {
    expect(perSecond(1050, 0)).toBe(0);
    expect(perSecond(1050, -1)).toBe(0);
  });
});

describe('roundToTenth', () => {
  it('rounds to the nearest tenth', () => {
    expect(roundToTenth(52.46)).toBe(52.5);
    expect(roundToTenth(100.54)).toBe(100.5);
  });
});
