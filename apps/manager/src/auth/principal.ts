import { AuthenticatedBy, UserRole } from '@tinystack/contracts';

/** Who a request comes from, resolved once by the guard and passed to the services that need it. */
export interface Principal {
  userId: string;
  username: string;
  role: UserRole;
  authenticatedBy: AuthenticatedBy;
  /** What the event log names: the username, or "admin token" for MANAGER_TOKEN (and sessions opened with it). */
  actor: string;
  /** The session of the cookie; null for a bearer token. */
  session: { idHash: string; csrfToken: string; expiresAt: Date } | null;
  /** The personal token; null otherwise. */
  token: { id: string; expiresAt: Date | null } | null;
}

export function isAdmin(principal: Principal): boolean {
  return principal.role === UserRole.ADMIN;
}
