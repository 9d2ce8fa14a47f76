import { validateEnvironment, ConfigurationError } from '@tinystack/api-kit';
import { BLINK_RATES, DEFAULT_LED_SCALES, MATRIX_LAYOUTS, ROTATIONS } from '@tinystack/led-matrix';
import { LED_BLINK_RATES, LED_LAYOUTS, LED_ROTATIONS } from '@tinystack/contracts';
import { ComputeSettings } from '../config/compute.settings.js';
import { ledOptionsFrom } from './led.options.js';

const settingsFrom = (environment: Record<string, string>) => validateEnvironment(ComputeSettings, environment);

function configurationMessage(environment: Record<string, string>): string {
  try {
    settingsFrom(environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error(`${JSON.stringify(environment)} was accepted`);
}

describe('LED settings of the compute node', () => {
  it('has working defaults: an upright Adafruit backpack at 0x70 on bus 1', () => {
    const options = ledOptionsFrom(settingsFrom({}));
    expect(options).toEqual({
      enabled: true,
      busNumber: 1,
      address: 0x70,
      brightness: 8,
      mounting: { layout: 'adafruit-backpack', rotation: 0, mirror: false },
      scales: DEFAULT_LED_SCALES,
      intervalMs: 500,
      retryMs: 30_000,
      managerTimeoutMs: 10_000,
      sampleFreshMs: 3_000,
    });
  });

  it('reads every variable', () => {
    const options = ledOptionsFrom(
      settingsFrom({
        LED_ENABLED: '0',
        I2C_BUS: '3',
        LED_ADDRESS: '0x74',
        LED_BRIGHTNESS: '15',
        LED_ROTATION: '270',
        LED_MIRROR: 'true',
        LED_LAYOUT: 'straight',
        LED_NETWORK_FULL_SCALE_BPS: '125000000',
        LED_IOPS_FULL_SCALE: '2000',
        LED_INTERVAL_MS: '250',
        LED_RETRY_MS: '5000',
        LED_MANAGER_TIMEOUT_MS: '20000',
        SAMPLE_INTERVAL_MS: '2000',
      }),
    );
    expect(options).toEqual({
      enabled: false,
      busNumber: 3,
      address: 0x74,
      brightness: 15,
      mounting: { layout: 'straight', rotation: 270, mirror: true },
      scales: { networkBytesPerSecond: 125_000_000, iops: 2000 },
      intervalMs: 250,
      retryMs: 5000,
      managerTimeoutMs: 20_000,
      sampleFreshMs: 6000,
    });
  });

  it.each([
    ['0x70', 0x70],
    ['0X77', 0x77],
    ['112', 112],
    ['0x71', 0x71],
  ])('accepts LED_ADDRESS=%s', (value, address) => {
    expect(settingsFrom({ LED_ADDRESS: value }).LED_ADDRESS).toBe(address);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads the boolean word %s', (value, expected) => {
    expect(settingsFrom({ LED_ENABLED: value, LED_MIRROR: value })).toMatchObject({ LED_ENABLED: expected, LED_MIRROR: expected });
  });

  it.each([
    [{ LED_ENABLED: 'yes' }, 'LED_ENABLED="yes": LED_ENABLED must be true, false, 1 or 0'],
    [{ LED_ENABLED: 'False' }, 'LED_ENABLED must be true, false, 1 or 0'],
    [{ LED_MIRROR: 'off' }, 'LED_MIRROR must be true, false, 1 or 0'],
    [{ LED_ADDRESS: '0x78' }, 'LED_ADDRESS must be 0x70..0x77'],
    [{ LED_ADDRESS: '111' }, 'LED_ADDRESS must be 0x70..0x77'],
    [{ LED_ADDRESS: 'seventy' }, 'LED_ADDRESS must be an I2C address written like 0x70 or 112'],
    [{ LED_ADDRESS: '0x7g' }, 'LED_ADDRESS must be an I2C address written like 0x70 or 112'],
    [{ I2C_BUS: '-1' }, 'I2C_BUS must be 0 or more'],
    [{ LED_BRIGHTNESS: '16' }, 'LED_BRIGHTNESS must be a whole number 0..15'],
    [{ LED_ROTATION: '45' }, 'LED_ROTATION must be one of 0, 90, 180, 270'],
    [{ LED_LAYOUT: 'diagonal' }, 'LED_LAYOUT must be one of adafruit-backpack, straight'],
    [{ LED_NETWORK_FULL_SCALE_BPS: '0' }, 'LED_NETWORK_FULL_SCALE_BPS must be at least 1'],
    [{ LED_IOPS_FULL_SCALE: 'many' }, 'LED_IOPS_FULL_SCALE must be a whole number'],
    [{ LED_INTERVAL_MS: '20' }, 'LED_INTERVAL_MS must be at least 50'],
    [{ LED_RETRY_MS: '10' }, 'LED_RETRY_MS must be at least 1000'],
    [{ LED_MANAGER_TIMEOUT_MS: '1.5' }, 'LED_MANAGER_TIMEOUT_MS must be a whole number'],
  ])('stops start-up on %j, naming the variable', (environment, message) => {
    expect(configurationMessage(environment)).toContain(message);
  });

  it('offers in the API exactly the blink rates, layouts and rotations the LED library knows', () => {
    expect(LED_BLINK_RATES).toEqual(BLINK_RATES);
    expect(LED_LAYOUTS).toEqual(MATRIX_LAYOUTS);
    expect(LED_ROTATIONS).toEqual(ROTATIONS);
  });
});
