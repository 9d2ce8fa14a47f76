import { type Frame, ROTATIONS, frameFromPicture } from './frame.js';
import { type MatrixMounting, MATRIX_LAYOUTS, frameToRam } from './frame-layout.js';

const F = frameFromPicture([
  '######..',
  '#.......',
  '#.......',
  '####....',
  '#.......',
  '#.......',
  '#.......',
  '........',
]);

function onePixel(x: number, y: number): Frame {
  return Array.from({ length: 8 }, (_, row) => (row === y ? 1 << x : 0));
}

function mounting(overrides: Partial<MatrixMounting>): MatrixMounting {
  return { layout: 'adafruit-backpack', rotation: 0, mirror: false, ...overrides };
}

describe('frameToRam column mapping', () => {
  it('backpack: row y in byte 2y, column 0 on bit 7 and columns 1..7 on bits 0..6, odd bytes 0', () => {
    expect([...frameToRam(F, mounting({}))]).toEqual([
      0x9f, 0, 0x80, 0, 0x80, 0, 0x87, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x00, 0,
    ]);
  });

  it('backpack: the leftmost column is bit 7 and the rightmost is bit 6', () => {
    expect(frameToRam(onePixel(0, 0), mounting({}))[0]).toBe(0x80);
    expect(frameToRam(onePixel(7, 0), mounting({}))[0]).toBe(0x40);
    expect(frameToRam(onePixel(1, 7), mounting({}))[14]).toBe(0x01);
  });

  it('straight: column x is bit x', () => {
    expect([...frameToRam(F, mounting({ layout: 'straight' }))]).toEqual([
      0x3f, 0, 0x01, 0, 0x01, 0, 0x0f, 0, 0x01, 0, 0x01, 0, 0x01, 0, 0x00, 0,
    ]);
  });

  it('rejects an unknown layout or rotation', () => {
    expect(() => frameToRam(F, mounting({ layout: 'diagonal' as never }))).toThrow(RangeError);
    expect(() => frameToRam(F, mounting({ rotation: 45 as never }))).toThrow(RangeError);
  });
});

describe('frameToRam mounting counter-transform', () => {
  // The native top-left LED is RAM byte 0, bit 7 on a backpack.
  it('board turned 90° clockwise: its native top-left shows at the top-right, so the top-right pixel goes there', () => {
    expect([...frameToRam(onePixel(7, 0), mounting({ rotation: 90 }))]).toEqual([0x80, ...new Array(15).fill(0)]);
  });

  it('board turned 270° clockwise: its native top-left shows at the bottom-left', () => {
    expect([...frameToRam(onePixel(0, 7), mounting({ rotation: 270 }))]).toEqual([0x80, ...new Array(15).fill(0)]);
  });

  it('board upside down: the top-left pixel goes to the native bottom-right (byte 14, bit 6)', () => {
    const ram = frameToRam(onePixel(0, 0), mounting({ rotation: 180 }));
    expect([...ram]).toEqual([...new Array(14).fill(0), 0x40, 0]);
  });

  it('mirrored: the top-left pixel goes to the native top-right (byte 0, bit 6)', () => {
    expect([...frameToRam(onePixel(0, 0), mounting({ mirror: true }))]).toEqual([0x40, ...new Array(15).fill(0)]);
  });

  it('turned 90° and then seen mirrored: the top-left pixel goes to the native top-left', () => {
    expect([...frameToRam(onePixel(0, 0), mounting({ rotation: 90, mirror: true }))]).toEqual([
      0x80,
      ...new Array(15).fill(0),
    ]);
  });

  it('a whole glyph on a board turned 90° is drawn turned 90° the other way', () => {
    // native image = F turned 270° clockwise, wired straight
    expect([...frameToRam(F, mounting({ layout: 'straight', rotation: 90 }))]).toEqual([
      0, 0, 0, 0, 0x01, 0, 0x01, 0, 0x09, 0, 0x09, 0, 0x09, 0, 0x7f, 0,
    ]);
  });

  it('gives a different RAM image for each of the 16 mountings of an asymmetric glyph', () => {
    const images = new Set<string>();
    for (const layout of MATRIX_LAYOUTS) {
      for (const rotation of ROTATIONS) {
        for (const mirror of [false, true]) {
          images.add(frameToRam(F, { layout, rotation, mirror }).join(','));
        }
      }
    }
    expect(images.size).toBe(16);
  });
});
