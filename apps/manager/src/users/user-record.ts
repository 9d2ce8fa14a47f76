import type { UserRole } from '@tinystack/contracts';

/** Limits of a quota: for a user null means "the default", for the defaults "unlimited". */
export interface QuotaLimits {
  instances: number | null;
  running: number | null;
  memoryMiB: number | null;
}

/** A user as stored. The password is only ever here as its scrypt hash. */
export interface UserRecord {
  id: string;
  username: string;
  role: UserRole;
  /** `scrypt$N$r$p$salt$hash`; null while the account has no password (the built-in admin at first). */
  passwordHash: string | null;
  /** The password is a one-time one: until it is changed the user may do almost nothing. */
  mustChangePassword: boolean;
  disabled: boolean;
  builtIn: boolean;
  quota: QuotaLimits;
  createdAt: Date;
}
