import { ProcText } from './proc-text.js';
import { highestTemperatureCelsius, thermalZoneTempPaths, zoneMillidegrees } from './thermal.js';

describe('thermalZoneTempPaths', () => {
  it('lists the temp files of thermal zones only', () => {
    expect(thermalZoneTempPaths(['cooling_device0', 'thermal_zone0', 'thermal_zone1'])).toEqual([
      '/sys/class/thermal/thermal_zone0/temp',
      '/sys/class/thermal/thermal_zone1/temp',
    ]);
  });

  it('is empty on a board without thermal zones', () => {
    expect(thermalZoneTempPaths([])).toEqual([]);
    expect(thermalZoneTempPaths(['cooling_device0'])).toEqual([]);
  });
});

describe('zoneMillidegrees', () => {
  it('reads the millidegrees of a temp file, below zero too', () => {
    expect(zoneMillidegrees(ProcText.of('48312\n'))).toBe(48312);
    expect(zoneMillidegrees(ProcText.of(' -12500\n'))).toBe(-12500);
  });

  it('is NaN for a zone that could not be read or holds garbage', () => {
    expect(zoneMillidegrees(new ProcText())).toBeNaN();
    expect(zoneMillidegrees(ProcText.of('n/a\n'))).toBeNaN();
    expect(zoneMillidegrees(ProcText.of(''))).toBeNaN();
  });
});

describe('highestTemperatureCelsius', () => {
  it('takes the highest zone, millidegrees to °C with one decimal', () => {
    expect(highestTemperatureCelsius([48312, 52460])).toBe(52.5);
  });

  it('handles temperatures below zero', () => {
    expect(highestTemperatureCelsius([-12500, -13000])).toBe(-12.5);
  });

  it('skips zones without a reading, and looks at the first `count` zones only', () => {
    expect(highestTemperatureCelsius([Number.NaN, 47000])).toBe(47);
    expect(highestTemperatureCelsius(new Float64Array([41000, 60000]), 1)).toBe(41);
  });

  it('is null when no zone gave a reading', () => {
    expect(highestTemperatureCelsius([])).toBeNull();
    expect(highestTemperatureCelsius([Number.NaN, Number.NaN])).toBeNull();
  });
});
