/**
 * What a person sees on the 8x8 matrix: eight row bitmasks, row 0 at the top;
 * bit x set means column x is lit, column 0 being the leftmost LED.
 */
export type Frame = readonly number[];

export const FRAME_SIZE = 8;

export const BLANK_FRAME: Frame = Object.freeze([0, 0, 0, 0, 0, 0, 0, 0]);

/** Clockwise quarter turns, in degrees. */
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

const LIT = '#';
const DARK = '.';

/** @throws RangeError unless the frame has 8 rows of integers 0..255 */
export function assertFrame(frame: Frame): void {
  if (frame.length !== FRAME_SIZE) {
    throw new RangeError(`A frame has ${FRAME_SIZE} rows, got ${frame.length}`);
  }
  frame.forEach((row, y) => {
    if (!Number.isInteger(row) || row < 0 || row > 0xff) {
      throw new RangeError(`Frame row ${y} must be an integer 0..255, got ${row}`);
    }
  });
}

export function isLit(frame: Frame, x: number, y: number): boolean {
  return ((frame[y] ?? 0) >> x) & 1 ? true : false;
}

export function framesEqual(a: Frame, b: Frame): boolean {
  return a.length === b.length && a.every((row, y) => row === b[y]);
}

/**
 * Builds a frame from eight 8-character rows, `#` lit and `.` dark, top row first,
 * leftmost character = column 0: the frame reads like the picture.
 */
export function frameFromPicture(picture: readonly string[]): Frame {
  if (picture.length !== FRAME_SIZE) {
    throw new RangeError(`A picture has ${FRAME_SIZE} rows, got ${picture.length}`);
  }
  return picture.map((line, y) => {
    if (line.length !== FRAME_SIZE || [...line].some((pixel) => pixel !== LIT && pixel !== DARK)) {
      throw new RangeError(`Picture row ${y} must be ${FRAME_SIZE} characters of '${LIT}' or '${DARK}', got "${line}"`);
    }
    return [...line].reduce((row, pixel, x) => (pixel === LIT ? row | (1 << x) : row), 0);
  });
}

/** The inverse of frameFromPicture, for logs, test messages and the API. */
export function frameToPicture(frame: Frame): string[] {
  assertFrame(frame);
  return frame.map((_, y) => pixelsOfRow((x) => isLit(frame, x, y)));
}

/** The frame turned clockwise by `rotation` degrees, as if the sheet it is drawn on were turned. */
export function rotateFrame(frame: Frame, rotation: Rotation): Frame {
  assertFrame(frame);
  const last = FRAME_SIZE - 1;
  switch (rotation) {
    case 0:
      return [...frame];
    case 90:
      return rowsOf((x, y) => isLit(frame, y, last - x));
    case 180:
      return rowsOf((x, y) => isLit(frame, last - x, last - y));
    case 270:
      return rowsOf((x, y) => isLit(frame, last - y, x));
    default:
      throw new RangeError(`Rotation must be one of ${ROTATIONS.join(', ')}, got ${String(rotation)}`);
  }
}

/** Left and right swapped, as in a mirror held beside the display. */
export function mirrorFrame(frame: Frame): Frame {
  assertFrame(frame);
  return rowsOf((x, y) => isLit(frame, FRAME_SIZE - 1 - x, y));
}

function rowsOf(lit: (x: number, y: number) => boolean): Frame {
  return Array.from({ length: FRAME_SIZE }, (_, y) =>
    Array.from({ length: FRAME_SIZE }, (_, x) => x).reduce((row, x) => (lit(x, y) ? row | (1 << x) : row), 0),
  );
}

function pixelsOfRow(lit: (x: number) => boolean): string {
  return Array.from({ length: FRAME_SIZE }, (_, x) => (lit(x) ? LIT : DARK)).join('');
}
