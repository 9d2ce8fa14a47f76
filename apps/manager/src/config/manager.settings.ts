import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { LogSettings, strictBoolean } from '@tinystack/api-kit';
import { IsBaseUrl } from '@tinystack/contracts';


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

  /**
   * Time limit of a call to a node (get, start, stop, rename, delete, registration checks) when the node
   * does not report its own limits; for one that does, its worst case plus a margin.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  NODE_REQUEST_TIMEOUT_MS = 30_000;

  /** Time limit of a create on a node that does not report its own limits (templates can be slow). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  NODE_CREATE_TIMEOUT_MS = 120_000;

  /** Changes sent to one node at once: its action lane; more wait their turn. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  NODE_ACTION_CONCURRENCY = 4;

  /** A node's answer larger than this is refused while it streams (the connection is dropped). */
  @Type(() => Number)
  @IsInt()
  @Min(64 * 1024)
  @Max(64 * 1024 * 1024)
  NODE_ANSWER_MAX_BYTES = 1024 * 1024;

  /** How long an instance whose change lost its answer is re-read before its outcome is "unknown". */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(24 * 3_600_000)
  NODE_FOLLOW_UP_MS = 600_000;

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

  /**
   * Usage points gathered in memory are written this often, all in one commit: one write of a few pages a
   * minute instead of one per node every HISTORY_INTERVAL_MS spares the SD card. A crash loses at most this much.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HISTORY_FLUSH_MS = 60_000;

  /** A terminal ticket (POST .../console) opens its WebSocket within this many seconds, or not at all. */
  @Type(() => Number)
  @IsInt({ message: 'TERMINAL_TICKET_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'TERMINAL_TICKET_SECONDS must be at least 1' })
  @Max(300, { message: 'TERMINAL_TICKET_SECONDS must be at most 300 (a ticket is a secret in a URL: keep it short-lived)' })
  TERMINAL_TICKET_SECONDS = 30;

  /** The event log keeps this many newest entries. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  EVENT_RETENTION_COUNT = 10_000;

  /** A console session unused this long ends: its next request is refused and asks to sign in again. */
  @Type(() => Number)
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number of minutes' })
  @Min(5)
  @Max(7 * 24 * 60)
  SESSION_IDLE_MINUTES = 120;

  /** A console session ends this long after its sign-in, however much it is used. */
  @Type(() => Number)
  @IsInt({ message: 'SESSION_MAX_HOURS must be a whole number of hours' })
  @Min(1)
  @Max(31 * 24)
  SESSION_MAX_HOURS = 12;

  /** A comment line on the event stream this often, so that a client can tell a dead link from a quiet manager. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(30_000)
  EVENT_KEEPALIVE_MS = 20_000;

  /**
   * Where boards reach the manager, for the command a join token comes with (e.g. http://10.0.0.2:8080).
   * Unset: the address the console reached the manager at, or its LAN address when that was 127.0.0.1.
   */
  @IsOptional()
  @IsBaseUrl()
  MANAGER_ADVERTISE_URL?: string = undefined;

  /** false: the manager does not look for boards on the LAN (mDNS/DNS-SD _tinystack._tcp). */
  @Transform(strictBoolean)
  @IsBoolean({ message: 'DISCOVERY_ENABLED must be true, false, 1 or 0' })
  DISCOVERY_ENABLED = true;

  /** How often the manager asks the LAN which boards are there (it also hears their own announcements). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DISCOVERY_INTERVAL_MS = 30_000;

  /** false: no MQTT broker at all (neither the TCP port nor /mqtt over WebSocket). */
  @Transform(strictBoolean)
  @IsBoolean({ message: 'MQTT_ENABLED must be true, false, 1 or 0' })
  MQTT_ENABLED = true;

  /** Unset: MANAGER_HOST. The address the broker's plain TCP port listens on. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.:-]+$/, { message: 'MQTT_HOST must be an IP address or a host name' })
  MQTT_HOST?: string = undefined;

  /** 0: a free port (tests); the port chosen is logged and shown by GET /api/mqtt. */
  @Type(() => Number)
  @IsInt({ message: 'MQTT_PORT must be a whole number' })
  @Min(0, { message: 'MQTT_PORT must be 0 to 65535' })
  @Max(65535, { message: 'MQTT_PORT must be 0 to 65535' })
  MQTT_PORT = 1883;

  /** A bigger MQTT packet closes that client's connection (and only it). */
  @Type(() => Number)
  @IsInt({ message: 'MQTT_MAX_MESSAGE_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'MQTT_MAX_MESSAGE_BYTES must be at least 1024' })
  @Max(16 * 1024 * 1024, { message: 'MQTT_MAX_MESSAGE_BYTES must be at most 16777216' })
  MQTT_MAX_MESSAGE_BYTES = 65_536;

  /** Topic filters one client may hold; more are refused (SUBACK failure). */
  @Type(() => Number)
  @IsInt({ message: 'MQTT_MAX_SUBSCRIPTIONS must be a whole number' })
  @Min(1, { message: 'MQTT_MAX_SUBSCRIPTIONS must be at least 1' })
  @Max(10_000, { message: 'MQTT_MAX_SUBSCRIPTIONS must be at most 10000' })
  MQTT_MAX_SUBSCRIPTIONS = 50;

  /** Messages one client may publish per second (bursts of twice that); more are dropped, a sustained flood disconnects. */
  @Type(() => Number)
  @IsInt({ message: 'MQTT_MAX_MESSAGES_PER_SECOND must be a whole number' })
  @Min(1, { message: 'MQTT_MAX_MESSAGES_PER_SECOND must be at least 1' })
  @Max(100_000, { message: 'MQTT_MAX_MESSAGES_PER_SECOND must be at most 100000' })
  MQTT_MAX_MESSAGES_PER_SECOND = 20;

  /** MQTT connections one member may hold at once (admins are exempt). */
  @Type(() => Number)
  @IsInt({ message: 'MQTT_MAX_CONNECTIONS_PER_USER must be a whole number' })
  @Min(1, { message: 'MQTT_MAX_CONNECTIONS_PER_USER must be at least 1' })
  @Max(10_000, { message: 'MQTT_MAX_CONNECTIONS_PER_USER must be at most 10000' })
  MQTT_MAX_CONNECTIONS_PER_USER = 10;

  /** The largest image tarball the library takes (an import or a publish); a bigger one is refused with 413. */
  @Type(() => Number)
  @IsInt({ message: 'IMAGE_MAX_MIB must be a whole number of MiB' })
  @Min(1, { message: 'IMAGE_MAX_MIB must be at least 1' })
  @Max(64 * 1024, { message: 'IMAGE_MAX_MIB must be at most 65536' })
  IMAGE_MAX_MIB = 1024;

  /** An image transfer (an upload, a publish, a push to a node) that moves no byte for this long is given up. */
  @Type(() => Number)
  @IsInt({ message: 'IMAGE_IDLE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'IMAGE_IDLE_TIMEOUT_MS must be at least 1000' })
  @Max(600_000, { message: 'IMAGE_IDLE_TIMEOUT_MS must be at most 600000' })
  IMAGE_IDLE_TIMEOUT_MS = 30_000;
}
