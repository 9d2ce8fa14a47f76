/** personal: the REST API and MQTT (`ts_`); device: MQTT only (`tsd_`), for a board a user connects. */
export type TokenKind = 'personal' | 'device';

/** A personal API token or a device token as stored: never the token, only its SHA-256. */
export interface TokenRecord {
  id: string;
  kind: TokenKind;
  userId: string;
  name: string;
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}
