import { printable, wrap } from './text.js';

/** Labelled values, one per line, labels aligned; a long value wraps under itself, never inside a word. */
export function formatFields(fields: ReadonlyArray<readonly [label: string, value: string]>, width: number, indent = 0): string {
  const labelWidth = Math.max(...fields.map(([label]) => label.length));
  const valueWidth = Math.max(20, width - indent - labelWidth - 2);
  const pad = ' '.repeat(indent);
  return fields
    .flatMap(([label, value]) =>
      wrap(printable(value), valueWidth, { keepWords: true }).map(
        (line, index) => `${pad}${(index === 0 ? label : '').padEnd(labelWidth)}  ${line}`.trimEnd(),
      ),
    )
    .join('\n');
}
