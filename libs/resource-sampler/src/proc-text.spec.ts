import { parseCounter, parseSignedInteger, splitFields } from './proc-text.js';

describe('splitFields', () => {
  it('splits on runs of spaces and tabs and ignores leading and trailing blanks', () => {
    expect(splitFields('  cpu  10\t 20   30 \r')).toEqual(['cpu', '10', '20', '30']);
  });

  it('gives no fields for a blank line', () => {
    expect(splitFields('')).toEqual([]);
    expect(splitFields(' \t ')).toEqual([]);
  });
});

describe('parseCounter', () => {
  it('reads unsigned decimal counters', () => {
    expect(parseCounter('0')).toBe(0);
    expect(parseCounter('1844674407')).toBe(1844674407);
  });

  it.each(['', '12abc', '-5', '+5', '1e3', '0x1f', '1.5', ' 12'])('rejects %j', (token) => {
    expect(parseCounter(token)).toBeNull();
  });

  it('rejects a missing token', () => {
    expect(parseCounter(undefined)).toBeNull();
  });
});

describe('parseSignedInteger', () => {
  it('reads negative and positive integers', () => {
    expect(parseSignedInteger('-12500')).toBe(-12500);
    expect(parseSignedInteger('48312')).toBe(48312);
  });

  it.each(['-', '--1', '4.5', 'n/a'])('rejects %j', (token) => {
    expect(parseSignedInteger(token)).toBeNull();
  });
});
