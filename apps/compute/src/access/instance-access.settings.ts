import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { EXEC_RULES } from '@tinystack/contracts';
import { LogSettings } from '@tinystack/api-kit';

/** "20000-20999": two port numbers, the first not above the second, both 1024 or more. */
export function parsePortRange(text: string): { first: number; last: number } | null {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  const last = Number(match[2]);
  return first >= 1024 && last <= 65535 && first <= last ? { first, last } : null;
}

/**
 * The settings of what a person does inside an instance: commands, terminal
 * sessions, forwarded ports. ComputeSettings extends this class, so they are
 * read and validated with every other setting of the node.
 */
export class InstanceAccessSettings extends LogSettings {
  /** stdout and stderr of a command keep this many bytes each. */
  @Type(() => Number)
  @IsInt({ message: 'EXEC_OUTPUT_MAX_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'EXEC_OUTPUT_MAX_BYTES must be at least 1024' })
  @Max(EXEC_RULES.maxOutputBytes, { message: `EXEC_OUTPUT_MAX_BYTES must be at most ${EXEC_RULES.maxOutputBytes}` })
  EXEC_OUTPUT_MAX_BYTES = 1024 * 1024;

  /** Terminal sessions open at once on this node; one more is refused. */
  @Type(() => Number)
  @IsInt({ message: 'TERMINAL_MAX_SESSIONS must be a whole number' })
  @Min(1, { message: 'TERMINAL_MAX_SESSIONS must be at least 1' })
  @Max(64, { message: 'TERMINAL_MAX_SESSIONS must be at most 64' })
  TERMINAL_MAX_SESSIONS = 8;

  /** A terminal session nobody typed in for this long is closed. */
  @Type(() => Number)
  @IsInt({ message: 'TERMINAL_IDLE_MINUTES must be a whole number of minutes' })
  @Min(1, { message: 'TERMINAL_IDLE_MINUTES must be at least 1' })
  @Max(1440, { message: 'TERMINAL_IDLE_MINUTES must be at most 1440 (a day)' })
  TERMINAL_IDLE_MINUTES = 15;

  /** The board's ports a forward may use. */
  @IsString()
  @ValidateBy(
    { name: 'isPortRange', validator: { validate: (value: unknown) => typeof value === 'string' && parsePortRange(value) !== null } },
    { message: 'PORT_RANGE must be FIRST-LAST, two ports from 1024 to 65535 with FIRST not above LAST (like 20000-20999)' },
  )
  PORT_RANGE = '20000-20999';

  /** The node's own nftables table (family ip); nothing else of the board's firewall is touched. */
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'NFT_TABLE must be lower-case letters, digits or "_", starting with a letter (at most 32)' })
  NFT_TABLE = 'tinystack';
}
