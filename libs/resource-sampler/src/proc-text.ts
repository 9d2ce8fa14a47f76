/**
 * Tokenising helpers for kernel pseudo-file text. The kernel pads columns with
 * runs of spaces (sometimes tabs), so fields are split on any whitespace run.
 */
export function splitFields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/**
 * A kernel counter: unsigned decimal digits only. `Number()` alone would accept
 * '', '0x1f', '1e3' and ' 12 ', and `parseInt` would accept '12abc'; a corrupt
 * token must be rejected, not read as a plausible value.
 */
export function parseCounter(token: string | undefined): number | null {
  if (token === undefined || token.length === 0) return null;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  return Number(token);
}

/** Like parseCounter, but with an optional leading minus (temperatures can be below zero). */
export function parseSignedInteger(token: string | undefined): number | null {
  if (token !== undefined && token.startsWith('-')) {
    const magnitude = parseCounter(token.slice(1));
    return magnitude === null ? null : -magnitude;
  }
  return parseCounter(token);
}
