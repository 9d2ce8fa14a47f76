import { createHash, randomBytes } from 'node:crypto';

/**
 * SHA-256 of a secret, hex: what the manager stores and looks up for a
 * session id or a personal token. Both are 256-bit random strings, so a fast
 * hash is enough (no guessing to slow down) and a request costs one of them.
 */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** 32 random bytes, base64url (43 characters): a session id, the body of a personal token. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
