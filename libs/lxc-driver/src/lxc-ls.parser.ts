import type { ContainerSummary } from './container.js';
import { parseContainerState } from './container-state.parser.js';
import { LxcCommandError } from './lxc-errors.js';

/** A row: NAME and STATE hold no spaces; IPV4 is the rest, since several addresses are joined by ", ". */
const ROW = /^(\S+)\s+(\S+)\s*(.*)$/;
const MISSING = '-';

/** Parses the output of `lxc-ls -f -F NAME,STATE,IPV4` (empty output: no containers). */
export function parseLxcLs(stdout: string): ContainerSummary[] {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const [header, ...rows] = lines;
  if (!/^NAME\s+STATE\s+IPV4\b/.test(header)) {
    throw new LxcCommandError('lxc-ls printed an unexpected header', header);
  }
  return rows.map(parseRow);
}

function parseRow(line: string): ContainerSummary {
  const match = ROW.exec(line.trim());
  if (match === null) throw new LxcCommandError('lxc-ls printed an unexpected row', line);
  const [, name, state, ipv4] = match;
  return { name, state: parseContainerState(state, 'lxc-ls'), ipv4: parseAddresses(ipv4) };
}

function parseAddresses(column: string): string[] {
  const text = column.trim();
  if (text === '' || text === MISSING) return [];
  return text
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
}
