/** A join token as stored: only the SHA-256 of its secret. */
export interface JoinTokenRecord {
  id: string;
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  note: string | null;
  /** Made for one discovered board: admits one join, once. */
  singleUse: boolean;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  uses: number;
  lastUsedAt: Date | null;
}
