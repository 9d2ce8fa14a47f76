import { highestTemperatureCelsius, thermalZoneTempPaths } from './thermal.js';

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

describe('highestTemperatureCelsius', () => {
  it('takes the highest zone, millidegrees to °C with one decimal', () => {
    expect(highestTemperatureCelsius(['48312\n', '52460\n'])).toBe(52.5);
  });

  it('handles temperatures below zero', () => {
    expect(highestTemperatureCelsius(['-12500\n', '-13000\n'])).toBe(-12.5);
  });

  it('skips zones that could not be read or hold garbage', () => {
    expect(highestTemperatureCelsius([null, 'n/a\n', '', '47000\n'])).toBe(47);
  });

  it('is null when no zone gave a reading', () => {
    expect(highestTemperatureCelsius([])).toBeNull();
    expect(highestTemperatureCelsius([null, 'garbage'])).toBeNull();
  });
});
