/** A personal API token as stored: never the token, only its SHA-256. */
export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}
