import { randomInt } from 'node:crypto';

/** Lower-case letters and digits without the ones read or typed amiss: 0 and o, 1 and l. */
export const READABLE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** One-time passwords: 12 characters of 32 kinds, 60 bits, easy to read aloud and type. */
export const ONE_TIME_PASSWORD_LENGTH = 12;
/** Class codes: 8 characters (40 bits), short-lived and rate-limited per address. */
export const CLASS_CODE_LENGTH = 8;

/** Random characters of READABLE_ALPHABET, each chosen uniformly. */
export function readableSecret(length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
  return text;
}
