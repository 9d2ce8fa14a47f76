import { UsageError } from '../cli.errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A span like 90s, 10m, 2h or 1d, in milliseconds; anything else is a usage error naming the option. */
export function parseDuration(text: string, option: string, verb: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  const amount = match ? Number(match[1]) : NaN;
  if (!match || !(amount > 0)) {
    throw new UsageError(`${option} takes a span like 90s, 10m, 2h or 1d, not ${JSON.stringify(text)}`, verb);
  }
  return amount * UNIT_MS[match[2]!]!;
}
