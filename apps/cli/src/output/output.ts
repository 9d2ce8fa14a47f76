import type { CliIo } from '../cli-io.js';
import { formatTable, type Column } from './table.js';
import { printable } from './text.js';

/** Without a terminal to ask (output to a pipe or file), tables are made for this many columns. */
export const DEFAULT_WIDTH = 80;
const NARROWEST = 40;

/** $COLUMNS when set, else the terminal's width, else 80. */
export function outputWidth(io: CliIo): number {
  const fromEnv = Number(io.env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(NARROWEST, fromEnv);
  if (io.stdout.isTTY && io.stdout.columns && io.stdout.columns > 0) return Math.max(NARROWEST, io.stdout.columns);
  return DEFAULT_WIDTH;
}

/** Where a verb writes: results to stdout, warnings and errors to stderr; text from elsewhere made printable. */
export class Output {
  readonly width: number;

  constructor(private readonly io: CliIo) {
    this.width = outputWidth(io);
  }

  line(text = ''): void {
    this.io.stdout.write(`${printable(text)}\n`);
  }

  lines(texts: readonly string[]): void {
    for (const text of texts) this.line(text);
  }

  /** The value as JSON, as the manager sent it (JSON escapes every control character). */
  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One JSON value per line, for streams (`events --follow --json`). */
  jsonLine(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  table<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): void {
    this.io.stdout.write(`${formatTable(columns, rows, this.width)}\n`);
  }

  /** A command's own output, byte for byte as it gave it (not made printable): what `exec` passes through. */
  passThrough(stream: 'stdout' | 'stderr', text: string): void {
    if (text.length > 0) this.io[stream].write(text);
  }

  warn(text: string): void {
    this.io.stderr.write(`tinystack: ${printable(text)}\n`);
  }
}
