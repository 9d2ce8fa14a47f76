/**
 * The bytes of a kernel pseudo-file as read, in a buffer that is reused from
 * one reading to the next (it grows when a file outgrows it, which happens
 * once at most). The sampler parses these bytes in place: a reading a second
 * makes no strings, arrays or regular-expression matches, so an idle node
 * leaves next to nothing for the garbage collector.
 */
export class ProcText {
  bytes: Buffer;
  /** How many bytes of `bytes` the last read filled; -1 when the file could not be read. */
  length = -1;

  constructor(initialSize = 4096) {
    this.bytes = Buffer.allocUnsafe(initialSize);
  }

  /** A text made from a string, for tests and fakes. */
  static of(text: string): ProcText {
    const procText = new ProcText(Math.max(16, Buffer.byteLength(text, 'latin1')));
    procText.length = procText.bytes.write(text, 'latin1');
    return procText;
  }

  get readable(): boolean {
    return this.length >= 0;
  }

  /** Doubles the buffer, keeping the first `keep` bytes. */
  grow(keep: number): void {
    const larger = Buffer.allocUnsafe(this.bytes.length * 2);
    this.bytes.copy(larger, 0, 0, keep);
    this.bytes = larger;
  }

  /** The text as a string (tests, error messages: never on the sampling path). */
  toString(): string {
    return this.readable ? this.bytes.toString('latin1', 0, this.length) : '';
  }
}

/*
 * Scanning helpers. The kernel pads columns with runs of spaces (sometimes
 * tabs); every byte at or below a space other than the line feed counts as a
 * blank. Positions are plain indices into the buffer, `end` is exclusive.
 */
const LINE_FEED = 10;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const MINUS = 45;

/** A counter that is not one: the token was empty, or held anything but decimal digits. */
export const NOT_A_NUMBER = Number.NaN;

export function isBlank(byte: number): boolean {
  return byte <= 32 && byte !== LINE_FEED;
}

/** Index of the line feed ending the line that holds `from`, or `end`. */
export function lineEnd(bytes: Buffer, from: number, end: number): number {
  const feed = bytes.indexOf(LINE_FEED, from);
  return feed < 0 || feed > end ? end : feed;
}

/** Index of the first byte at or after `from` that is not blank, or `end`. */
export function skipBlanks(bytes: Buffer, from: number, end: number): number {
  let at = from;
  while (at < end && isBlank(bytes[at]!)) at++;
  return at;
}

/** Index just past the token starting at `from`: a run of bytes that are neither blank nor a line feed. */
export function tokenEnd(bytes: Buffer, from: number, end: number): number {
  let at = from;
  while (at < end && bytes[at]! > 32) at++;
  return at;
}

/**
 * The unsigned decimal counter spelled by bytes[from, to), or NaN. `Number()`
 * would accept '', '0x1f', '1e3' and ' 12 ', and `parseInt` '12abc': a corrupt
 * token must be refused, not read as a plausible value.
 */
export function counterIn(bytes: Buffer, from: number, to: number): number {
  if (to <= from) return NOT_A_NUMBER;
  let value = 0;
  for (let at = from; at < to; at++) {
    const byte = bytes[at]!;
    if (byte < DIGIT_0 || byte > DIGIT_9) return NOT_A_NUMBER;
    value = value * 10 + (byte - DIGIT_0);
  }
  return value;
}

/** Like counterIn, with an optional leading minus (temperatures can be below zero). */
export function signedIntegerIn(bytes: Buffer, from: number, to: number): number {
  if (from < to && bytes[from] === MINUS) return -counterIn(bytes, from + 1, to);
  return counterIn(bytes, from, to);
}

/** Whether bytes[from, to) are exactly `expected` (ASCII). */
export function spanEquals(bytes: Buffer, from: number, to: number, expected: Buffer): boolean {
  if (to - from !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (bytes[from + i] !== expected[i]) return false;
  }
  return true;
}
