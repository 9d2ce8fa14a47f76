import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { LogSettings } from '@tinystack/api-kit';

/**
 * Every setting of the manager, read from the environment (and `.env`) once
 * at start-up. Property names are the variable names so that an error names
 * the variable; `.env.example` documents each one. LOG_LEVEL and LOG_FORMAT
 * come from LogSettings, shared by both servers.
 */
export class ManagerSettings extends LogSettings {
  @IsString()
  @Matches(/^[A-Za-z0-9.:-]+$/, { message: 'MANAGER_HOST must be an IP address or a host name' })
  MANAGER_HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt({ message: 'MANAGER_PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  MANAGER_PORT = 8080;

  /** Unset: generated on first start and stored in DATA_DIR. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'MANAGER_TOKEN must be at least 16 characters long' })
  MANAGER_TOKEN?: string = undefined;

  /** Holds the generated token and the SQLite database (nodes, usage history, event log). */
  @IsString()
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  POLL_INTERVAL_MS = 2000;

  /** Time limit of each poll request; a node that does not answer in time counts as a failed poll. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(600_000)
  POLL_TIMEOUT_MS = 1500;

  /** Failed polls in a row after which a node is UNREACHABLE. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  NODE_UNREACHABLE_AFTER = 2;

  /** Time limit of an operation on a node (get, start, stop, rename, delete, registration checks). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  NODE_REQUEST_TIMEOUT_MS = 30_000;

  /** Time limit of a create on a node (templates can be slow). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  NODE_CREATE_TIMEOUT_MS = 120_000;

  /** One usage point is stored per node per interval (not every poll: spares the SD card). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  HISTORY_INTERVAL_MS = 10_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 366)
  HISTORY_RETENTION_HOURS = 24;

  /** The event log keeps this many newest entries. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  EVENT_RETENTION_COUNT = 10_000;
}
