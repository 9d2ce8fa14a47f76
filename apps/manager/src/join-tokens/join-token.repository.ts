import type { JoinTokenRecord } from './join-token-record.js';

/** Where join tokens are kept. */
export abstract class JoinTokenRepository {
  abstract list(): JoinTokenRecord[];
  abstract insert(token: JoinTokenRecord): void;
  abstract setRevokedAt(id: string, revokedAt: Date): void;
  /** Writes the uses and last-use times of these tokens, all in one transaction. */
  abstract recordUses(used: ReadonlyArray<Pick<JoinTokenRecord, 'id' | 'uses' | 'lastUsedAt'>>): void;
  /** Deletes the tokens that ended (expired or revoked) before this time; returns how many. */
  abstract removeEndedBefore(time: Date): number;
}
