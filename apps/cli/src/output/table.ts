import { printable, truncate, wrap } from './text.js';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => string;
  align?: 'left' | 'right';
  /**
   * How the column gives way when the table is wider than the terminal:
   * cut with an ellipsis, or wrapped onto more lines. A column without it
   * keeps its width (figures, states).
   */
  shrink?: 'truncate' | 'wrap';
  /** The narrowest it gets when shrinking (at least its header). */
  minWidth?: number;
}

const GAP = '  ';
const DEFAULT_MIN_WIDTH = 8;

/**
 * Rows under a header, columns two spaces apart, as wide as their widest
 * cell; when that is wider than `width`, the shrinkable columns give way,
 * widest first, down to their minimum. No line ends with spaces.
 */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], width: number): string {
  const cells = rows.map((row) => columns.map((column) => printable(column.cell(row)).replace(/\n/g, ' ')));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((cellsOfRow) => cellsOfRow[index]!.length)),
  );
  const floors = columns.map((column, index) =>
    column.shrink ? Math.min(widths[index]!, Math.max(column.header.length, column.minWidth ?? DEFAULT_MIN_WIDTH)) : widths[index]!,
  );
  let excess = widths.reduce((sum, columnWidth) => sum + columnWidth, 0) + GAP.length * (columns.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    widths.forEach((columnWidth, index) => {
      if (columnWidth > floors[index]! && (widest < 0 || columnWidth > widths[widest]!)) widest = index;
    });
    if (widest < 0) break;
    widths[widest]! -= 1;
    excess -= 1;
  }

  const render = (texts: string[][]): string[] => {
    const height = Math.max(...texts.map((lines) => lines.length));
    return Array.from({ length: height }, (_, line) =>
      columns
        .map((column, index) => {
          const text = texts[index]![line] ?? '';
          return column.align === 'right' ? text.padStart(widths[index]!) : text.padEnd(widths[index]!);
        })
        .join(GAP)
        .trimEnd(),
    );
  };
  const fit = (text: string, index: number): string[] =>
    columns[index]!.shrink === 'wrap' ? wrap(text, widths[index]!) : [truncate(text, widths[index]!)];

  const lines = render(columns.map((column, index) => [truncate(column.header, widths[index]!)]));
  for (const cellsOfRow of cells) lines.push(...render(cellsOfRow.map(fit)));
  return lines.join('\n');
}
