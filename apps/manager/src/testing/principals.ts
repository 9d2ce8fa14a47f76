import { ADMIN_TOKEN_ACTOR, AuthenticatedBy } from '@tinystack/contracts';
import type { Principal } from '../auth/principal.js';
import type { UserRecord } from '../users/user-record.js';

/** The caller a request with this user's personal token would be. */
export function principalOf(user: UserRecord): Principal {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    authenticatedBy: AuthenticatedBy.TOKEN,
    actor: user.username,
    session: null,
    token: { id: '20000000-0000-4000-8000-000000000001', expiresAt: null },
  };
}

/** The caller of a request with MANAGER_TOKEN. */
export function adminTokenPrincipal(admin: UserRecord): Principal {
  return { ...principalOf(admin), authenticatedBy: AuthenticatedBy.ADMIN_TOKEN, actor: ADMIN_TOKEN_ACTOR, token: null };
}
