import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { LedRowLegend } from '../api/manager-api.types';

export interface LedCell {
  row: number;
  column: number;
  lit: boolean;
}

const SIZE = 8;
/** SVG units: LED pitch and the board's margin around the LEDs. */
const PITCH = 20;
const MARGIN = 10;

/** Bit x of a row set = column x lit, column 0 leftmost (the API's convention). */
export function isLit(rowValue: number, column: number): boolean {
  return ((rowValue >> column) & 1) === 1;
}

/** Every LED, row 0 (the top row) first. */
export function ledCells(rows: readonly number[]): LedCell[] {
  const cells: LedCell[] = [];
  for (let row = 0; row < SIZE; row++) {
    for (let column = 0; column < SIZE; column++) {
      cells.push({ row, column, lit: isLit(rows[row] ?? 0, column) });
    }
  }
  return cells;
}

const COLUMNS = Array.from({ length: SIZE }, (_, column) => column);

/** The board's 8x8 LED matrix as it looks: round LEDs on a dark module, with what each row shows beside it. */
@Component({
  selector: 'ts-led-matrix',
  templateUrl: './led-matrix.html',
  styleUrl: './led-matrix.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LedMatrix {
  readonly rows = input.required<readonly number[]>();
  readonly legend = input<readonly LedRowLegend[]>([]);
  readonly identifying = input(false);

  protected readonly viewBox = `0 0 ${SIZE * PITCH + 2 * MARGIN} ${SIZE * PITCH + 2 * MARGIN}`;
  protected readonly boardSize = SIZE * PITCH + 2 * MARGIN;
  protected readonly cells = computed(() => ledCells(this.rows()));

  protected readonly legendRows = computed(() => {
    const rows = this.rows();
    return Array.from({ length: SIZE }, (_, row) => {
      const entry = this.legend().find((candidate) => candidate.row === row);
      return {
        row,
        label: entry?.label ?? `Row ${row}`,
        meaning: entry?.meaning ?? '',
        lit: COLUMNS.filter((column) => isLit(rows[row] ?? 0, column)).length,
      };
    });
  });

  protected readonly description = computed(() =>
    this.legendRows()
      .map((row) => `${row.label}: ${row.lit} of 8 lit`)
      .join('; '),
  );

  protected x(cell: LedCell): number {
    return MARGIN + cell.column * PITCH + PITCH / 2;
  }

  protected y(cell: LedCell): number {
    return MARGIN + cell.row * PITCH + PITCH / 2;
  }
}
