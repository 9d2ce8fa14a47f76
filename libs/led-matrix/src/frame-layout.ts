import { type Frame, type Rotation, FRAME_SIZE, ROTATIONS, assertFrame, isLit, mirrorFrame, rotateFrame } from './frame.js';

/**
 * How the chip's column outputs are wired to the LED columns.
 * - `adafruit-backpack`: column x is bit (x + 7) % 8 (column 0 on bit 7), the Adafruit 8x8 backpack quirk.
 * - `straight`: column x is bit x.
 */
export const MATRIX_LAYOUTS = ['adafruit-backpack', 'straight'] as const;
export type MatrixLayout = (typeof MATRIX_LAYOUTS)[number];

/**
 * How the board is mounted, as seen by the person in front of it.
 *
 * The board's native image is the one it shows when upright: RAM row 0 on top and
 * column 0 on the left. `rotation` is how far the board is turned CLOCKWISE from
 * upright; `mirror` means the person then sees that image flipped left-to-right
 * (through a mirror or a rear diffuser). So the person sees
 *   mirror?(rotate(native, rotation))
 * and frameToRam draws the counter-transform
 *   native = rotate(mirror?(frame), 360 - rotation)
 * so that the frame appears upright. Example: a board turned 90° clockwise shows its
 * native top-left LED at the person's top-right, so a frame's top-right pixel is
 * written to native row 0, column 0.
 */
export interface MatrixMounting {
  layout: MatrixLayout;
  rotation: Rotation;
  mirror: boolean;
}

export const UPRIGHT_BACKPACK: Readonly<MatrixMounting> = Object.freeze({
  layout: 'adafruit-backpack',
  rotation: 0,
  mirror: false,
});

/** Bytes in the HT16K33 display RAM. */
export const HT16K33_RAM_SIZE = 16;

/**
 * The 16-byte display RAM image that makes `frame` appear upright on a board mounted
 * as described: native row y goes to byte 2*y, the odd bytes stay 0.
 */
export function frameToRam(frame: Frame, mounting: MatrixMounting): Uint8Array {
  assertFrame(frame);
  assertMounting(mounting);
  const native = nativeImage(frame, mounting);
  const ram = new Uint8Array(HT16K33_RAM_SIZE);
  native.forEach((_, y) => {
    for (let x = 0; x < FRAME_SIZE; x += 1) {
      if (isLit(native, x, y)) {
        ram[2 * y] |= 1 << columnBit(x, mounting.layout);
      }
    }
  });
  return ram;
}

function nativeImage(frame: Frame, { rotation, mirror }: MatrixMounting): Frame {
  const unmirrored = mirror ? mirrorFrame(frame) : frame;
  return rotateFrame(unmirrored, ((360 - rotation) % 360) as Rotation);
}

function columnBit(x: number, layout: MatrixLayout): number {
  return layout === 'adafruit-backpack' ? (x + 7) % 8 : x;
}

function assertMounting(mounting: MatrixMounting): void {
  if (!MATRIX_LAYOUTS.includes(mounting.layout)) {
    throw new RangeError(`Layout must be one of ${MATRIX_LAYOUTS.join(', ')}, got ${String(mounting.layout)}`);
  }
  if (!ROTATIONS.includes(mounting.rotation)) {
    throw new RangeError(`Rotation must be one of ${ROTATIONS.join(', ')}, got ${String(mounting.rotation)}`);
  }
}
