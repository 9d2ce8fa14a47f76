import type { Provider } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigurationError, keepPrivate, preparePrivateDirectory, writePrivateFile } from '@tinystack/api-kit';
import { ManagerSettings } from '../config/manager.settings.js';

/** In DATA_DIR, owner-only: the key CSRF tokens are derived with. */
export const SESSION_SECRET_FILE = 'session-secret';

/**
 * A session's CSRF token is derived from its id (HMAC-SHA256 with a key of
 * this manager), so nothing more is stored, and a page that lost it gets the
 * same one again from GET /api/me.
 */
export class CsrfTokens {
  constructor(private readonly key: Buffer) {}

  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.key).update(sessionId, 'utf8').digest('base64url');
  }

  /** Constant-time; the length of a token is no secret (43 characters). */
  matches(expected: string, presented: string | undefined): boolean {
    if (presented === undefined || presented.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(presented, 'utf8'), Buffer.from(expected, 'utf8'));
  }
}

/** The key, read from DATA_DIR/session-secret or made there (mode 0600) on the first start. */
export function sessionSecret(file: string): Buffer {
  if (existsSync(file)) {
    keepPrivate(file);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (key.length >= 32) return key;
    if (key.length > 0) throw new ConfigurationError(`${file} does not hold a usable key: delete it to have a new one made (everyone signs in again)`);
  }
  const key = randomBytes(32);
  preparePrivateDirectory(dirname(file));
  writePrivateFile(file, `${key.toString('base64url')}\n`);
  return key;
}

export const csrfTokensProvider: Provider = {
  provide: CsrfTokens,
  inject: [ManagerSettings],
  useFactory: (settings: ManagerSettings) => new CsrfTokens(sessionSecret(join(settings.DATA_DIR, SESSION_SECRET_FILE))),
};
