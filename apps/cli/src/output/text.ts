/** Everything but line feeds below U+0020, DEL and the C1 controls: a name or message from elsewhere must not steer the terminal. */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** Text from the manager made safe to print: control characters (escape sequences included) become spaces. */
export function printable(text: string): string {
  return text.replace(CONTROLS, ' ');
}

/** At most `width` characters; a cut is marked with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  return `${text.slice(0, width - 1)}…`;
}

/**
 * Lines of at most `width` characters, broken at spaces; a word longer than
 * a line is cut across lines, or with `keepWords` left whole on a line of its
 * own (a path or an address stays one piece to copy). Runs of spaces become one.
 */
export function wrap(text: string, width: number, { keepWords = false }: { keepWords?: boolean } = {}): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length <= width) {
      line += ` ${word}`;
      continue;
    }
    if (line) lines.push(line);
    while (!keepWords && word.length > width) {
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    line = word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** A paragraph wrapped to `width`, each line after `indent` spaces. */
export function indentWrapped(text: string, width: number, indent: number): string {
  const pad = ' '.repeat(indent);
  return wrap(text, Math.max(20, width - indent))
    .map((line) => pad + line)
    .join('\n');
}
