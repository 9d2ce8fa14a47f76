import { i2cDevicePath } from './i2c-dev.bus.js';
import { I2cModuleUnavailableError } from './i2c-errors.js';

export const I2C_FAILURE_KINDS = [
  'module-unavailable',
  'no-bus',
  'permission-denied',
  'no-device',
  'address-busy',
  'other',
] as const;
export type I2cFailureKind = (typeof I2C_FAILURE_KINDS)[number];

export interface I2cFailure {
  kind: I2cFailureKind;
  /** The errno code (`ENOENT`, `EREMOTEIO`...) when the error carried one. */
  code: string | null;
  /** What went wrong and how to fix it, for a log line or a status endpoint. */
  message: string;
}

/** Turns a rejected transfer into a reason a person at the board can act on. */
export function describeI2cFailure(error: unknown, target: { busNumber: number; address: number }): I2cFailure {
  const device = i2cDevicePath(target.busNumber);
  const address = `0x${target.address.toString(16).padStart(2, '0')}`;
  if (error instanceof I2cModuleUnavailableError) {
    return {
      kind: 'module-unavailable',
      code: null,
      message: error.explained ? error.message : `${error.message}; rebuild it (npm rebuild i2c-bus)`,
    };
  }
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
      return {
        kind: 'no-bus',
        code,
        message: `${device} does not exist: enable I2C (dtparam=i2c_arm=on) and load the i2c-dev kernel module`,
      };
    case 'EACCES':
    case 'EPERM':
      return {
        kind: 'permission-denied',
        code,
        message: `No permission to open ${device}: run as a member of the i2c group or as root`,
      };
    case 'ENXIO':
    case 'EREMOTEIO':
    case 'EIO':
      return {
        kind: 'no-device',
        code,
        message: `No chip answered at ${address} on ${device}: check the wiring and the address jumpers`,
      };
    case 'EBUSY':
      return {
        kind: 'address-busy',
        code,
        message: `Address ${address} on ${device} is claimed by a kernel driver`,
      };
    default:
      return {
        kind: 'other',
        code,
        message: `I2C transfer to ${address} on ${device} failed: ${error instanceof Error ? error.message : String(error)}`,
      };
  }
}

function errorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return null;
}
