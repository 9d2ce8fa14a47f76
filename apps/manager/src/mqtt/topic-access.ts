import { UserRole } from '@tinystack/contracts';

export type TopicAction = 'publish' | 'subscribe';

/** Where the manager publishes the cloud's own figures: no client may publish there. */
export const CLOUD_TOPIC_ROOT = 'tinystack';

/** The topic space a member owns: `class/<username>/#`. */
export function ownSpace(username: string): string {
  return `class/${username}/#`;
}

/**
 * The one rule of who may use which topic (a topic to publish to, a filter to
 * subscribe with). Admins: everything, `$SYS/#` included, but no one
 * publishes under `tinystack/` or `$`: those are the manager's and the
 * broker's. Members: publish and subscribe under `class/<username>/#`, and
 * subscribe (read only) under `tinystack/#`. A filter with wildcards is judged
 * by every topic it could match: `#`, `+/...` or `class/+/...` could match
 * another member's space, so they are refused.
 */
export function topicAccess(principal: { username: string; role: UserRole }, topic: string, action: TopicAction): boolean {
  const levels = topic.split('/');
  const first = levels[0]!;
  if (action === 'publish') {
    if (first.startsWith('$') || first === CLOUD_TOPIC_ROOT || hasWildcard(levels)) return false;
    return principal.role === UserRole.ADMIN || isOwnSpace(levels, principal.username);
  }
  if (principal.role === UserRole.ADMIN) return true;
  if (first === CLOUD_TOPIC_ROOT) return true;
  return isOwnSpace(levels, principal.username);
}

function isOwnSpace(levels: readonly string[], username: string): boolean {
  return levels.length >= 2 && levels[0] === 'class' && levels[1] === username;
}

function hasWildcard(levels: readonly string[]): boolean {
  return levels.some((level) => level === '#' || level === '+' || level.includes('#') || level.includes('+'));
}
