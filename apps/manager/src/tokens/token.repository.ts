import type { TokenRecord } from './token-record.js';

/** Where personal tokens are kept. */
export abstract class TokenRepository {
  abstract list(): TokenRecord[];
  abstract insert(token: TokenRecord): void;
  /** Writes the last-use times gathered in memory (about once a minute). */
  abstract touch(used: ReadonlyArray<{ id: string; lastUsedAt: Date }>): void;
  abstract remove(id: string): void;
}
