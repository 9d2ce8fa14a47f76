import { type LedScales, DEFAULT_LED_SCALES, LED_ROWS } from './frame-input.js';
import { FRESHNESS_COLUMN, HEARTBEAT_COLUMNS, MANAGER_ACTIVE_LENGTH } from './frame.composer.js';

export interface LedLegendOptions {
  /**
   * The readiness checks, in the order of their LEDs on row 0 of the not-ready
   * pattern (leftmost first). Without them the legend does not mention the pattern.
   */
  notReadyChecks?: readonly string[];
}

export interface LedRowLegendEntry {
  /** 0 = top row as a person sees it. */
  readonly row: number;
  readonly label: string;
  readonly meaning: string;
}

const BAR_RULE = 'rounded up, so any non-zero value lights at least one LED; all eight at or beyond full scale';

/**
 * What each row of the matrix shows, for people and for the API; the scales
 * fill in the numbers, the readiness checks the not-ready pattern.
 */
export function ledRowLegend(scales: LedScales = DEFAULT_LED_SCALES, options: LedLegendOptions = {}): readonly LedRowLegendEntry[] {
  const fullMbit = (scales.networkBytesPerSecond * 8) / 1_000_000;
  const networkRule = `one LED per ${readable(fullMbit / 8)} Mbit/s (full scale ${readable(fullMbit)} Mbit/s), ${BAR_RULE}`;
  const checks = options.notReadyChecks ?? [];
  const notReady = checks.length === 0 ? '' : NOT_READY_NOTE;
  const failedChecks =
    checks.length === 0
      ? ''
      : '. NOT READY: every other second this row shows instead one LED per failed readiness check, from the left: ' +
        `${checks.map((name, column) => `${column + 1} ${name}`).join(', ')} (GET /health says what failed and how to fix it)`;
  const entries: LedRowLegendEntry[] = [
    {
      row: LED_ROWS.containers,
      label: 'Containers',
      meaning: `One LED per running container, from the left; all eight lit means eight or more${failedChecks}`,
    },
    {
      row: LED_ROWS.cpu,
      label: 'CPU',
      meaning: `CPU use of all cores: one LED per 12.5 %, ${BAR_RULE}${notReady}`,
    },
    {
      row: LED_ROWS.memory,
      label: 'Memory',
      meaning: `Memory in use: one LED per 12.5 %, ${BAR_RULE}${notReady}`,
    },
    {
      row: LED_ROWS.networkTx,
      label: 'Network send',
      meaning: `Bytes sent per second on the physical interfaces: ${networkRule}${notReady}`,
    },
    {
      row: LED_ROWS.networkRx,
      label: 'Network receive',
      meaning: `Bytes received per second on the physical interfaces: ${networkRule}${notReady}`,
    },
    {
      row: LED_ROWS.iops,
      label: 'Disk IOPS',
      meaning: `Disk reads + writes per second: one LED per ${readable(scales.iops / 8)} IOPS (full scale ${readable(scales.iops)} IOPS), ${BAR_RULE}${notReady}`,
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
        'a manager used to poll but has stopped; every other LED steady (#.#.#.#.) = no manager polls and the manager ' +
        'this board tried to join refused its join token (GET /health, join); dark = no manager has polled since the node started',
    },
  ];
  return Object.freeze(entries.map((entry) => Object.freeze(entry)));
}

const NOT_READY_NOTE =
  '. NOT READY: when a checkerboard fills the rows from CPU to Disk IOPS every other second, a readiness check failed ' +
  'or the join was refused (the top row then shows which checks failed)';

/** The legend for the default scales. */
export const LED_ROW_LEGEND: readonly LedRowLegendEntry[] = ledRowLegend();

function readable(value: number): string {
  return String(Number(value.toPrecision(4)));
}
