import type { LedStatus } from '@tinystack/manager-client';
import { formatFields } from './fields.js';
import { timeOfDay } from './figures.js';
import { printable, wrap } from './text.js';

const SIZE = 8;
const LIT = '●';
const DARK = '·';

/** Bit x of a row set = column x lit, column 0 leftmost (the API's convention). */
export function ledRowText(value: number): string {
  return Array.from({ length: SIZE }, (_, column) => (((value >> column) & 1) === 1 ? LIT : DARK)).join(' ');
}

/**
 * The 8x8 matrix as the board shows it, each row beside its label (and what
 * it means, with `meanings`), then the display's settings and the chip's state.
 */
export function formatLedFrame(led: LedStatus, width: number, { meanings }: { meanings: boolean }): string {
  const legend = new Map(led.legend.map((entry) => [entry.row, entry]));
  const labelWidth = Math.max(...led.legend.map((entry) => entry.label.length), 'Row 0'.length);
  const gridWidth = SIZE * 2 - 1;
  const meaningIndent = 2 + gridWidth + 2 + labelWidth + 2;
  const meaningWidth = Math.max(20, width - meaningIndent);
  const lines: string[] = [];
  for (let row = 0; row < SIZE; row++) {
    const entry = legend.get(row);
    const head = `  ${ledRowText(led.rows[row] ?? 0)}  ${printable(entry?.label ?? `Row ${row}`).padEnd(labelWidth)}`;
    const meaning = meanings ? wrap(printable(entry?.meaning ?? ''), meaningWidth) : [''];
    lines.push(`${head}  ${meaning[0]}`.trimEnd(), ...meaning.slice(1).map((line) => ' '.repeat(meaningIndent) + line));
  }
  const device = led.device;
  const chip = !device.enabled
    ? 'not used (LED_ENABLED=false on the node)'
    : `HT16K33 at ${device.address} on I2C bus ${device.bus}, ${device.connected ? 'connected' : 'not connected'}`;
  const fields: Array<[string, string]> = [
    ['Display', `brightness ${led.brightness}/15, blink ${led.blink}${led.identifying ? ', identifying (all LEDs blink)' : ''}`],
    ['Mounting', `${led.mounting.layout}, turned ${led.mounting.rotation}°${led.mounting.mirror ? ', mirrored' : ''}`],
    ['Chip', chip],
  ];
  if (device.lastError) fields.push(['Last error', `${device.lastError} (${timeOfDay(device.lastErrorAt)})`]);
  fields.push(['Drawn', timeOfDay(led.updatedAt)]);
  return `${lines.join('\n')}\n\n${formatFields(fields, width, 2)}`;
}
