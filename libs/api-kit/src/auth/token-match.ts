import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares secrets in constant time. Hashing first gives both sides the same
 * length, so neither the content nor the length of the expected token leaks.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
