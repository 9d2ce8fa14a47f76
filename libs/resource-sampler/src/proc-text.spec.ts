import { counterIn, lineEnd, ProcText, signedIntegerIn, skipBlanks, spanEquals, tokenEnd } from './proc-text.js';

/** The value of `read` over the whole of `token`. */
const over = (read: (bytes: Buffer, from: number, to: number) => number, token: string) => {
  const text = ProcText.of(token);
  return read(text.bytes, 0, text.length);
};

describe('ProcText', () => {
  it('is unreadable until filled, and grows keeping what it holds', () => {
    const text = new ProcText(4);
    expect(text.readable).toBe(false);
    expect(text.toString()).toBe('');
    text.bytes.write('abcd', 'latin1');
    text.length = 4;
    text.grow(4);
    expect(text.bytes.length).toBe(8);
    expect(text.toString()).toBe('abcd');
  });
});

describe('scanning', () => {
  const text = ProcText.of('  cpu  10\t 20   30 \r\nnext');

  it('skips runs of spaces, tabs and other blanks, but stops at a line feed', () => {
    expect(skipBlanks(text.bytes, 0, text.length)).toBe(2);
    expect(skipBlanks(text.bytes, 18, text.length)).toBe(20);
    expect(skipBlanks(text.bytes, 0, 1)).toBe(1);
  });

  it('ends a token at the first blank', () => {
    expect(tokenEnd(text.bytes, 2, text.length)).toBe(5);
    expect(text.bytes.toString('latin1', 7, tokenEnd(text.bytes, 7, text.length))).toBe('10');
  });

  it('ends a line at its line feed, or at the end', () => {
    expect(lineEnd(text.bytes, 0, text.length)).toBe(20);
    expect(lineEnd(text.bytes, 21, text.length)).toBe(text.length);
    expect(lineEnd(text.bytes, 0, 10)).toBe(10);
  });

  it('compares a span with a name', () => {
    expect(spanEquals(text.bytes, 2, 5, Buffer.from('cpu'))).toBe(true);
    expect(spanEquals(text.bytes, 2, 5, Buffer.from('cpu0'))).toBe(false);
    expect(spanEquals(text.bytes, 2, 5, Buffer.from('cpx'))).toBe(false);
  });
});

describe('counterIn', () => {
  it('reads unsigned decimal counters', () => {
    expect(over(counterIn, '0')).toBe(0);
    expect(over(counterIn, '1844674407')).toBe(1844674407);
  });

  it.each(['', '12abc', '-5', '+5', '1e3', '0x1f', '1.5', ' 12'])('refuses %j', (token) => {
    expect(over(counterIn, token)).toBeNaN();
  });
});

describe('signedIntegerIn', () => {
  it('reads negative and positive integers', () => {
    expect(over(signedIntegerIn, '-12500')).toBe(-12500);
    expect(over(signedIntegerIn, '48312')).toBe(48312);
  });

  it.each(['-', '--1', '4.5', 'n/a'])('refuses %j', (token) => {
    expect(over(signedIntegerIn, token)).toBeNaN();
  });
});
