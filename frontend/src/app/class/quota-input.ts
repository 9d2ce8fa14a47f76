/** A quota field as typed: empty is `empty` (unlimited, or the default), else a whole number of at least 0. */
export function quotaValue(text: string, empty: null): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return empty;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : 'invalid';
}

export const QUOTA_FIELD_ERROR = 'A whole number (0 or more), or empty.';

export function quotaText(value: number | null): string {
  return value === null ? '' : String(value);
}
