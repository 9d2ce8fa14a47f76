import { Transform, Type } from 'class-transformer';
import { strictBoolean } from '@tinystack/api-kit';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  IsBaseUrl,
  isJoinToken,
  JOIN_TOKEN_RULE,
  normaliseBaseUrl,
  NODE_LIMIT_RANGES,
  TEMPLATE_NAME_PATTERN,
} from '@tinystack/contracts';
import {
  DEFAULT_LED_SCALES,
  HT16K33_ADDRESS_RANGE,
  HT16K33_DEFAULT_ADDRESS,
  HT16K33_MAX_BRIGHTNESS,
  MATRIX_LAYOUTS,
  ROTATIONS,
  type MatrixLayout,
  type Rotation,
} from '@tinystack/led-matrix';
import type { HostRoots } from '@tinystack/resource-sampler';
import { InstanceAccessSettings } from '../access/instance-access.settings.js';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;


/** "0x70" (hex, as on the board's silkscreen and in i2cdetect) or "112"; anything else stays a string and fails. */
const i2cAddress = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (/^0x[0-9a-f]{1,2}$/i.test(value)) return Number.parseInt(value.slice(2), 16);
  if (/^\d{1,3}$/.test(value)) return Number(value);
  return value;
};

const hex = (value: number) => `0x${value.toString(16)}`;

/** MANAGER_URL and JOIN_TOKEN go together: both or neither, each of its own form; one message per variable. */
@ValidatorConstraint({ name: 'joinSetting' })
class JoinSettingConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return this.problem(value, args) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value, args) ?? '';
  }

  private problem(value: unknown, args: ValidationArguments): string | null {
    const settings = args.object as ComputeSettings;
    const isUrl = args.property === 'MANAGER_URL';
    const other = isUrl ? settings.JOIN_TOKEN : settings.MANAGER_URL;
    if (value === undefined) {
      if (other === undefined) return null;
      return isUrl
        ? 'MANAGER_URL must be set with JOIN_TOKEN: the address of the manager the token comes from'
        : 'JOIN_TOKEN must be set with MANAGER_URL: a join token of that manager';
    }
    if (!isUrl) return isJoinToken(value) ? null : `JOIN_TOKEN must be ${JOIN_TOKEN_RULE}`;
    try {
      normaliseBaseUrl(String(value), 'MANAGER_URL');
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

/** The file in DATA_DIR that holds the node's API token when COMPUTE_TOKEN is not set (0600). */
export const COMPUTE_TOKEN_FILE = 'compute-token';

/** Where the node reads /proc, /sys and /run (fixture trees in tests). */
export function hostRootsOf(settings: Pick<ComputeSettings, 'PROC_ROOT' | 'SYS_ROOT' | 'RUN_ROOT'>): HostRoots {
  return { proc: settings.PROC_ROOT, sys: settings.SYS_ROOT ?? settings.PROC_ROOT, run: settings.RUN_ROOT ?? settings.PROC_ROOT };
}

/**
 * Every setting of a compute node, read from the environment (and `.env`) once
 * at start-up. Property names are the variable names so that an error names
 * the variable; `.env.example` documents each one. LOG_LEVEL and LOG_FORMAT
 * come from LogSettings, shared by both servers; the exec, terminal and port
 * settings from InstanceAccessSettings.
 */
export class ComputeSettings extends InstanceAccessSettings {
  @IsString()
  @Matches(/^[A-Za-z0-9.:-]+$/, { message: 'COMPUTE_HOST must be an IP address or a host name' })
  COMPUTE_HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt({ message: 'COMPUTE_PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  COMPUTE_PORT = 7001;

  /** Unset: generated on first start and stored in DATA_DIR. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'COMPUTE_TOKEN must be at least 16 characters long' })
  COMPUTE_TOKEN?: string = undefined;

  @IsString()
  DATA_DIR = './data';

  /** Unset: LXC's own default lxcpath (usually /var/lib/lxc). */
  @IsOptional()
  @Matches(/^\//, { message: 'LXC_PATH must be an absolute directory path' })
  LXC_PATH?: string = undefined;

  @Transform(splitList)
  @ArrayNotEmpty({ message: 'LXC_TEMPLATES must list at least one template' })
  @Matches(TEMPLATE_NAME_PATTERN, { each: true, message: 'LXC_TEMPLATES must be a comma-separated list of template names' })
  LXC_TEMPLATES: string[] = ['busybox'];

  // The ranges are those of the limits GET /health reports, which callers validate.
  @Type(() => Number)
  @IsInt()
  @Min(NODE_LIMIT_RANGES.stopTimeoutSeconds.min)
  @Max(NODE_LIMIT_RANGES.stopTimeoutSeconds.max)
  LXC_STOP_TIMEOUT_S = 10;

  @Type(() => Number)
  @IsInt()
  @Min(NODE_LIMIT_RANGES.commandTimeoutMs.min)
  @Max(NODE_LIMIT_RANGES.commandTimeoutMs.max)
  LXC_COMMAND_TIMEOUT_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(NODE_LIMIT_RANGES.createTimeoutMs.min)
  @Max(NODE_LIMIT_RANGES.createTimeoutMs.max)
  LXC_CREATE_TIMEOUT_MS = 300_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  SAMPLE_INTERVAL_MS = 1000;

  /** How often the container list is re-read to notice changes made outside the API. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  INVENTORY_INTERVAL_MS = 5000;

  /** Unset: DATA_DIR/images. Where the node keeps the images the manager sent it. */
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'IMAGE_CACHE_DIR must be a directory path' })
  IMAGE_CACHE_DIR?: string = undefined;

  /** Disk the image cache may use; least recently used images are evicted to stay within it. */
  @Type(() => Number)
  @IsInt({ message: 'IMAGE_CACHE_MIB must be a whole number of MiB' })
  @Min(16, { message: 'IMAGE_CACHE_MIB must be at least 16' })
  @Max(1_048_576, { message: 'IMAGE_CACHE_MIB must be at most 1048576 (1 TiB)' })
  IMAGE_CACHE_MIB = 2048;

  @IsString()
  @Matches(/^\//, { message: 'PROC_ROOT must be an absolute directory path' })
  PROC_ROOT = '/';

  /** Unset: PROC_ROOT. The directory under which /sys is read. */
  @IsOptional()
  @Matches(/^\//, { message: 'SYS_ROOT must be an absolute directory path' })
  SYS_ROOT?: string = undefined;

  /** Unset: PROC_ROOT. The directory under which /run is read (the clock's synchronisation marker). */
  @IsOptional()
  @Matches(/^\//, { message: 'RUN_ROOT must be an absolute directory path' })
  RUN_ROOT?: string = undefined;

  /** false: the node never touches the I2C bus; GET /led still shows the composed frame. */
  @Transform(strictBoolean)
  @IsBoolean({ message: 'LED_ENABLED must be true, false, 1 or 0' })
  LED_ENABLED = true;

  @Type(() => Number)
  @IsInt({ message: 'I2C_BUS must be a whole number (the N of /dev/i2c-N)' })
  @Min(0, { message: 'I2C_BUS must be 0 or more' })
  I2C_BUS = 1;

  @Transform(i2cAddress)
  @IsInt({ message: 'LED_ADDRESS must be an I2C address written like 0x70 or 112' })
  @Min(HT16K33_ADDRESS_RANGE.min, { message: `LED_ADDRESS must be ${hex(HT16K33_ADDRESS_RANGE.min)}..${hex(HT16K33_ADDRESS_RANGE.max)}` })
  @Max(HT16K33_ADDRESS_RANGE.max, { message: `LED_ADDRESS must be ${hex(HT16K33_ADDRESS_RANGE.min)}..${hex(HT16K33_ADDRESS_RANGE.max)}` })
  LED_ADDRESS = HT16K33_DEFAULT_ADDRESS;

  @Type(() => Number)
  @IsInt({ message: `LED_BRIGHTNESS must be a whole number 0..${HT16K33_MAX_BRIGHTNESS}` })
  @Min(0, { message: `LED_BRIGHTNESS must be a whole number 0..${HT16K33_MAX_BRIGHTNESS}` })
  @Max(HT16K33_MAX_BRIGHTNESS, { message: `LED_BRIGHTNESS must be a whole number 0..${HT16K33_MAX_BRIGHTNESS}` })
  LED_BRIGHTNESS = 8;

  @Type(() => Number)
  @IsIn(ROTATIONS, { message: `LED_ROTATION must be one of ${ROTATIONS.join(', ')} (degrees clockwise)` })
  LED_ROTATION: Rotation = 0;

  @Transform(strictBoolean)
  @IsBoolean({ message: 'LED_MIRROR must be true, false, 1 or 0' })
  LED_MIRROR = false;

  @IsIn(MATRIX_LAYOUTS, { message: `LED_LAYOUT must be one of ${MATRIX_LAYOUTS.join(', ')}` })
  LED_LAYOUT: MatrixLayout = 'adafruit-backpack';

  /** Bytes per second at which a network row is full. */
  @Type(() => Number)
  @IsInt({ message: 'LED_NETWORK_FULL_SCALE_BPS must be a whole number of bytes per second' })
  @Min(1, { message: 'LED_NETWORK_FULL_SCALE_BPS must be at least 1' })
  LED_NETWORK_FULL_SCALE_BPS = DEFAULT_LED_SCALES.networkBytesPerSecond;

  @Type(() => Number)
  @IsInt({ message: 'LED_IOPS_FULL_SCALE must be a whole number of operations per second' })
  @Min(1, { message: 'LED_IOPS_FULL_SCALE must be at least 1' })
  LED_IOPS_FULL_SCALE = DEFAULT_LED_SCALES.iops;

  /** Redraw period; at most 10 s, or the heartbeat row would no longer show that the node is alive. */
  @Type(() => Number)
  @IsInt({ message: 'LED_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(50, { message: 'LED_INTERVAL_MS must be at least 50' })
  @Max(10_000, { message: 'LED_INTERVAL_MS must be at most 10000' })
  LED_INTERVAL_MS = 500;

  /** How often a missing or failing LED chip is tried again. */
  @Type(() => Number)
  @IsInt({ message: 'LED_RETRY_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'LED_RETRY_MS must be at least 1000' })
  LED_RETRY_MS = 30_000;

  /**
   * The manager this node joins by itself, with JOIN_TOKEN (both or neither).
   * Unset: DATA_DIR/join.json (tinystack-compute join, or a discovery offer).
   */
  @Validate(JoinSettingConstraint)
  MANAGER_URL?: string = undefined;

  @Validate(JoinSettingConstraint)
  JOIN_TOKEN?: string = undefined;

  /** Where the manager reaches this node; unset: the address the manager sees the join come from, and COMPUTE_PORT. */
  @IsOptional()
  @IsBaseUrl()
  COMPUTE_ADVERTISE_URL?: string = undefined;

  /** false: POST /join/offer is off, a manager that discovered the node cannot hand it a join token. */
  @Transform(strictBoolean)
  @IsBoolean({ message: 'JOIN_ACCEPT_OFFERS must be true, false, 1 or 0' })
  JOIN_ACCEPT_OFFERS = true;

  /** false: the node does not announce itself on the LAN (mDNS/DNS-SD _tinystack._tcp). */
  @Transform(strictBoolean)
  @IsBoolean({ message: 'DISCOVERY_ENABLED must be true, false, 1 or 0' })
  DISCOVERY_ENABLED = true;

  /** How often the readiness checks run again after the one at start-up. */
  @Type(() => Number)
  @IsInt({ message: 'READINESS_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(10_000, { message: 'READINESS_INTERVAL_MS must be at least 10000' })
  @Max(86_400_000, { message: 'READINESS_INTERVAL_MS must be at most 86400000 (a day)' })
  READINESS_INTERVAL_MS = 300_000;

  /** The disk check fails below this much free space on the lxcpath, in MB. */
  @Type(() => Number)
  @IsInt({ message: 'DISK_WARN_MB must be a whole number of megabytes' })
  @Min(0, { message: 'DISK_WARN_MB must be 0 or more' })
  DISK_WARN_MB = 1024;

  /** A manager that has not fetched /usage for this long shows as lost on the bottom row. */
  @Type(() => Number)
  @IsInt({ message: 'LED_MANAGER_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'LED_MANAGER_TIMEOUT_MS must be at least 1000' })
  LED_MANAGER_TIMEOUT_MS = 10_000;
}
