import { LED_ROW_LEGEND, ledRowLegend } from './led-row-legend.js';

describe('LED_ROW_LEGEND', () => {
  it('describes the eight rows top to bottom', () => {
    expect(LED_ROW_LEGEND.map((entry) => entry.row)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(LED_ROW_LEGEND.map((entry) => entry.label)).toEqual([
      'Containers',
      'CPU',
      'Memory',
      'Network send',
      'Network receive',
      'Disk IOPS',
      'Heartbeat / data',
      'Manager link',
    ]);
    for (const entry of LED_ROW_LEGEND) {
      expect(entry.meaning.length).toBeGreaterThan(20);
    }
  });

  it('states the default scales', () => {
    expect(LED_ROW_LEGEND[3]?.meaning).toContain('one LED per 12.5 Mbit/s (full scale 100 Mbit/s)');
    expect(LED_ROW_LEGEND[4]?.meaning).toContain('one LED per 12.5 Mbit/s (full scale 100 Mbit/s)');
    expect(LED_ROW_LEGEND[5]?.meaning).toContain('one LED per 50 IOPS (full scale 400 IOPS)');
  });

  it('states configured scales', () => {
    const legend = ledRowLegend({ networkBytesPerSecond: 125_000_000, iops: 2_000 });
    expect(legend[3]?.meaning).toContain('one LED per 125 Mbit/s (full scale 1000 Mbit/s)');
    expect(legend[5]?.meaning).toContain('one LED per 250 IOPS (full scale 2000 IOPS)');
  });

  it('documents the not-ready pattern with the checks it is given, in the order of their LEDs', () => {
    const legend = ledRowLegend(undefined, { notReadyChecks: ['lxc', 'bridge', 'clock'] });
    expect(legend[0]?.meaning).toContain('NOT READY: every other second this row shows instead one LED per failed readiness check, from the left: 1 lxc, 2 bridge, 3 clock');
    for (const row of [1, 2, 3, 4, 5]) expect(legend[row]?.meaning).toContain('a checkerboard fills the rows from CPU to Disk IOPS every other second');
    expect(legend[7]?.meaning).toContain('every other LED steady (#.#.#.#.) = no manager polls and the manager this board tried to join refused its join token');
    expect(LED_ROW_LEGEND[0]?.meaning).not.toContain('NOT READY');
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(LED_ROW_LEGEND)).toBe(true);
    expect(Object.isFrozen(LED_ROW_LEGEND[0])).toBe(true);
  });
});
