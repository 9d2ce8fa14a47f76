import { formatTable, type Column } from './table.js';
import { printable, truncate, wrap } from './text.js';

interface Row {
  name: string;
  state: string;
  note: string;
}

const columns: Column<Row>[] = [
  { header: 'NAME', cell: (row) => row.name, shrink: 'truncate', minWidth: 6 },
  { header: 'STATE', cell: (row) => row.state },
  { header: 'NOTE', cell: (row) => row.note, shrink: 'wrap', minWidth: 10 },
];

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('formatTable', () => {
  it('lines columns up two spaces apart, numbers to the right, with no trailing spaces', () => {
    const table = formatTable(
      [
        { header: 'NAME', cell: (row: { name: string; cpu: string }) => row.name },
        { header: 'CPU', cell: (row) => row.cpu, align: 'right' },
        { header: 'X', cell: () => '' },
      ],
      [
        { name: 'pi-1', cpu: '2.5%' },
        { name: 'pi-node-10', cpu: '100.0%' },
      ],
      80,
    );
    expect(table.split('\n')).toEqual(['NAME           CPU  X', 'pi-1          2.5%', 'pi-node-10  100.0%']);
  });

  it('keeps a table that fits as it is', () => {
    const rows = [{ name: 'web1', state: 'RUNNING', note: 'fine' }];
    expect(formatTable(columns, rows, 80)).toBe('NAME  STATE    NOTE\nweb1  RUNNING  fine');
  });

  it('shrinks the widest shrinkable columns to fit: truncated with an ellipsis, or wrapped', () => {
    const rows = [
      { name: 'a-very-long-instance-name-indeed', state: 'RUNNING', note: 'the node answered slowly and then not at all' },
      { name: 'web1', state: 'STOPPED', note: 'ok' },
    ];
    const table = formatTable(columns, rows, 40);
    expect(widest(table)).toBeLessThanOrEqual(40);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^NAME +STATE +NOTE$/);
    expect(lines[1]).toMatch(/^a-very-lon\S*… +RUNNING +the node/);
    // The note goes on over more lines, in its own column, every word kept.
    const noteColumn = lines[0]!.indexOf('NOTE');
    const noteLines = lines.slice(1, -1).map((line) => line.slice(noteColumn).trim());
    expect(noteLines.join(' ')).toBe('the node answered slowly and then not at all');
    expect(lines.at(-1)).toMatch(/^web1 +STOPPED +ok$/);
  });

  it('never shrinks a column without shrink, nor below its minimum: then the table stays wider', () => {
    const rows = [{ name: 'abcdefghijkl', state: 'UNREACHABLE', note: 'x y z' }];
    const table = formatTable(columns, rows, 10);
    expect(table.split('\n')[1]).toBe('abcde…  UNREACHABLE  x y z');
  });

  it('turns control characters from the manager into spaces, so a name cannot steer the terminal', () => {
    const table = formatTable(columns, [{ name: 'evil\u001b[2J', state: 'RUNNING', note: 'two\nlines' }], 80);
    expect(table).not.toContain('\u001b');
    expect(table.split('\n')).toHaveLength(2);
  });
});

describe('text helpers', () => {
  it('truncates with an ellipsis only when needed', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('wraps at spaces, cuts words longer than a line, and gives one empty line for empty text', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 5)).toEqual(['']);
  });

  it('keeps line feeds and drops other controls', () => {
    expect(printable('a\tb\u0007c\nd\u009be')).toBe('a b c\nd e');
  });
});

describe('wrap with keepWords', () => {
  it('leaves a word longer than a line whole, on a line of its own', () => {
    expect(wrap('in /a/very/long/path/to/config.json (mode 0600)', 12, { keepWords: true })).toEqual(['in', '/a/very/long/path/to/config.json', '(mode 0600)']);
  });
});
