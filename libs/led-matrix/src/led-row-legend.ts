import { type LedScales, DEFAULT_LED_SCALES, LED_ROWS } from './frame-input.js';
import { FRESHNESS_COLUMN, HEARTBEAT_COLUMNS, MANAGER_ACTIVE_LENGTH } from './frame.composer.js';

export interface LedRowLegendEntry {
  /** 0 = top row as a person sees it. */
  readonly row: number;
  readonly label: string;
  readonly meaning: string;
}

const BAR_RULE = 'rounded up, so any non-zero value lights at least one LED; all eight at or beyond full scale';

/** What each row of the matrix shows, for people and for the API; the scales fill in the numbers. */
export function ledRowLegend(scales: LedScales = DEFAULT_LED_SCALES): readonly LedRowLegendEntry[] {
  const fullMbit = (scales.networkBytesPerSecond * 8) / 1_000_000;
  const networkRule = `one LED per ${readable(fullMbit / 8)} Mbit/s (full scale ${readable(fullMbit)} Mbit/s), ${BAR_RULE}`;
  const entries: LedRowLegendEntry[] = [
    {
      row: LED_ROWS.containers,
      label: 'Containers',
      meaning: 'One LED per running container, from the left; all eight lit means eight or more',
    },
    {
      row: LED_ROWS.cpu,
      label: 'CPU',
      meaning: `CPU use of all cores: one LED per 12.5 %, ${BAR_RULE}`,
    },
    {
      row: LED_ROWS.memory,
      label: 'Memory',
      meaning: `Memory in use: one LED per 12.5 %, ${BAR_RULE}`,
    },
    {
      row: LED_ROWS.networkTx,
      label: 'Network send',
      meaning: `Bytes sent per second on the physical interfaces: ${networkRule}`,
    },
    {
      row: LED_ROWS.networkRx,
      label: 'Network receive',
      meaning: `Bytes received per second on the physical interfaces: ${networkRule}`,
    },
    {
      row: LED_ROWS.iops,
      label: 'Disk IOPS',
      meaning: `Disk reads + writes per second: one LED per ${readable(scales.iops / 8)} IOPS (full scale ${readable(scales.iops)} IOPS), ${BAR_RULE}`,
    },
    {
      row: LED_ROWS.heartbeat,
      label: 'Heartbeat / data',
      meaning:
        `Left ${HEARTBEAT_COLUMNS} LEDs: one dot stepping one place right on every redraw and wrapping back to the left; ` +
        `a dot that stops moving means the node software is frozen. LED ${FRESHNESS_COLUMN + 1} (rightmost): steady = ` +
        'the figures above are fresh; blinking = no fresh reading, the bars are stale',
    },
    {
      row: LED_ROWS.managerLink,
      label: 'Manager link',
      meaning:
        `Left ${MANAGER_ACTIVE_LENGTH} LEDs steady = a manager polled this node recently; leftmost LED blinking alone = ` +
        'a manager used to poll but has stopped; dark = no manager has polled since the node started',
    },
  ];
  return Object.freeze(entries.map((entry) => Object.freeze(entry)));
}

/** The legend for the default scales. */
export const LED_ROW_LEGEND: readonly LedRowLegendEntry[] = ledRowLegend();

function readable(value: number): string {
  return String(Number(value.toPrecision(4)));
}
