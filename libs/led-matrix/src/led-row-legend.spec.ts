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

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(LED_ROW_LEGEND)).toBe(true);
    expect(Object.isFrozen(LED_ROW_LEGEND[0])).toBe(true);
  });
});
