import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { TEMPLATE_NAME_PATTERN } from '@tinystack/contracts';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;

/**
 * Every setting of a compute node, read from the environment (and `.env`) once
 * at start-up. Property names are the variable names so that an error names
 * the variable; `.env.example` documents each one.
 */
export class ComputeSettings {
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

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  LXC_STOP_TIMEOUT_S = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  LXC_COMMAND_TIMEOUT_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
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

  @IsString()
  @Matches(/^\//, { message: 'PROC_ROOT must be an absolute directory path' })
  PROC_ROOT = '/';
}
