import {
  BLANK_FRAME,
  type Frame,
  assertFrame,
  frameFromPicture,
  frameToPicture,
  framesEqual,
  isLit,
  mirrorFrame,
  rotateFrame,
} from './frame.js';

// An F has no rotational or mirror symmetry, so every transform gives a distinct picture.
const F = [
  '######..',
  '#.......',
  '#.......',
  '####....',
  '#.......',
  '#.......',
  '#.......',
  '........',
];

describe('frame pictures', () => {
  it('reads row 0 as the top and the leftmost character as column 0 (bit 0)', () => {
    const frame = frameFromPicture(['#.......', '.......#', '........', '........', '........', '........', '........', '...##...']);
    expect(frame).toEqual([0b00000001, 0b10000000, 0, 0, 0, 0, 0, 0b00011000]);
    expect(isLit(frame, 0, 0)).toBe(true);
    expect(isLit(frame, 7, 1)).toBe(true);
    expect(isLit(frame, 1, 0)).toBe(false);
  });

  it('turns a frame back into the same picture', () => {
    expect(frameToPicture(frameFromPicture(F))).toEqual(F);
  });

  it('rejects pictures that are not 8 rows of 8 # or . characters', () => {
    expect(() => frameFromPicture(F.slice(1))).toThrow(RangeError);
    expect(() => frameFromPicture([...F.slice(1), '#######'])).toThrow(RangeError);
    expect(() => frameFromPicture([...F.slice(1), '#######x'])).toThrow(RangeError);
  });

  it('rejects frames with a wrong length or out-of-range rows', () => {
    expect(() => assertFrame([0, 0, 0])).toThrow(RangeError);
    expect(() => assertFrame([0, 0, 0, 0, 0, 0, 0, 256])).toThrow(RangeError);
    expect(() => assertFrame([0, 0, 0, 0, 0, 0, 0, 1.5])).toThrow(RangeError);
    expect(() => assertFrame([0, 0, 0, 0, 0, 0, 0, -1])).toThrow(RangeError);
    expect(() => assertFrame(BLANK_FRAME)).not.toThrow();
  });

  it('compares frames row by row', () => {
    expect(framesEqual(frameFromPicture(F), frameFromPicture(F))).toBe(true);
    expect(framesEqual(frameFromPicture(F), BLANK_FRAME)).toBe(false);
  });
});

describe('rotateFrame (clockwise)', () => {
  const f = frameFromPicture(F);

  it('90°: the F lies on its back, spine along the top', () => {
    expect(frameToPicture(rotateFrame(f, 90))).toEqual([
      '.#######',
      '....#..#',
      '....#..#',
      '....#..#',
      '.......#',
      '.......#',
      '........',
      '........',
    ]);
  });

  it('180°: upside down', () => {
    expect(frameToPicture(rotateFrame(f, 180))).toEqual([
      '........',
      '.......#',
      '.......#',
      '.......#',
      '....####',
      '.......#',
      '.......#',
      '..######',
    ]);
  });

  it('270°: spine along the bottom', () => {
    expect(frameToPicture(rotateFrame(f, 270))).toEqual([
      '........',
      '........',
      '#.......',
      '#.......',
      '#..#....',
      '#..#....',
      '#..#....',
      '#######.',
    ]);
  });

  it('0° is the same picture, and four quarter turns come back to it', () => {
    expect(rotateFrame(f, 0)).toEqual(f);
    const turned = [90, 90, 90, 90].reduce<Frame>((frame) => rotateFrame(frame, 90), f);
    expect(turned).toEqual(f);
  });

  it('rejects angles that are not quarter turns', () => {
    expect(() => rotateFrame(f, 45 as never)).toThrow(RangeError);
  });
});

describe('mirrorFrame', () => {
  it('swaps left and right', () => {
    expect(frameToPicture(mirrorFrame(frameFromPicture(F)))).toEqual([
      '..######',
      '.......#',
      '.......#',
      '....####',
      '.......#',
      '.......#',
      '.......#',
      '........',
    ]);
  });
});
