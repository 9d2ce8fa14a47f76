/** How a session was opened: the actor its requests are logged as follows from it. */
export type SessionOrigin = 'password' | 'admin-token' | 'token' | 'enrolment';

/** A session as stored: never its id, only the SHA-256 of it. */
export interface SessionRecord {
  /** SHA-256 of the session id (the cookie's value), hex. */
  idHash: string;
  userId: string;
  origin: SessionOrigin;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute expiry: SESSION_MAX_HOURS after the sign-in. */
  expiresAt: Date;
}
