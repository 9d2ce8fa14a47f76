import { describeI2cFailure } from './i2c-failure.js';
import { I2C_BUS, NativeAddonLoadError } from '@tinystack/native-addons';
import { I2cModuleUnavailableError } from './i2c-errors.js';

const TARGET = { busNumber: 1, address: 0x70 };

function errnoError(code: string): Error {
  return Object.assign(new Error(`${code}: something`), { code });
}

describe('describeI2cFailure', () => {
  it.each([
    ['ENOENT', 'no-bus', '/dev/i2c-1 does not exist'],
    ['EACCES', 'permission-denied', 'No permission to open /dev/i2c-1'],
    ['EPERM', 'permission-denied', 'No permission to open /dev/i2c-1'],
    ['ENXIO', 'no-device', 'No chip answered at 0x70 on /dev/i2c-1'],
    ['EREMOTEIO', 'no-device', 'No chip answered at 0x70 on /dev/i2c-1'],
    ['EIO', 'no-device', 'No chip answered at 0x70 on /dev/i2c-1'],
    ['EBUSY', 'address-busy', 'Address 0x70 on /dev/i2c-1 is claimed by a kernel driver'],
  ])('%s is %s', (code, kind, message) => {
    const failure = describeI2cFailure(errnoError(code), TARGET);
    expect(failure.kind).toBe(kind);
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(message);
  });

  it('says how to enable a missing bus', () => {
    expect(describeI2cFailure(errnoError('ENOENT'), { busNumber: 3, address: 0x71 }).message).toBe(
      '/dev/i2c-3 does not exist: enable I2C (dtparam=i2c_arm=on) and load the i2c-dev kernel module',
    );
  });

  it('recognises a missing native module', () => {
    const failure = describeI2cFailure(new I2cModuleUnavailableError(new Error('no binding')), TARGET);
    expect(failure).toEqual({
      kind: 'module-unavailable',
      code: null,
      message: 'The i2c-bus native module could not be loaded: no binding; rebuild it (npm rebuild i2c-bus)',
    });
  });

  it('passes on the explanation of an addon built for another CPU or Node.js as it is', () => {
    const explained = new NativeAddonLoadError(I2C_BUS, 'The native addon of i2c-bus ... Install the tinystack package for arm64.', new Error('dlopen'));
    expect(describeI2cFailure(new I2cModuleUnavailableError(explained), TARGET)).toEqual({
      kind: 'module-unavailable',
      code: null,
      message: 'The native addon of i2c-bus ... Install the tinystack package for arm64.',
    });
  });

  it('keeps the original message of anything else', () => {
    expect(describeI2cFailure(new Error('strange'), TARGET)).toEqual({
      kind: 'other',
      code: null,
      message: 'I2C transfer to 0x70 on /dev/i2c-1 failed: strange',
    });
    expect(describeI2cFailure(errnoError('ETIMEDOUT'), TARGET)).toMatchObject({ kind: 'other', code: 'ETIMEDOUT' });
    expect(describeI2cFailure('text', TARGET)).toMatchObject({ kind: 'other', code: null });
  });
});
