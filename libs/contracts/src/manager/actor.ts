/** Who the event log names as the actor of an entry, besides usernames: whoever held MANAGER_TOKEN. */
export const ADMIN_TOKEN_ACTOR = 'admin token';
/** A change the manager saw a node make (a node became UNREACHABLE). */
export const NODE_ACTOR = 'a node';
/** What the manager did on its own. */
export const MANAGER_ACTOR = 'the manager';
