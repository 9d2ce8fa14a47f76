import { NODE_NAME_PATTERN } from '@tinystack/contracts';

const MAX_LENGTH = 63;

/**
 * A node's default name: its host name made valid (other characters become
 * "-") and unique with a "-2", "-3"... suffix, since several nodes on one
 * machine share a host name.
 */
export function defaultNodeName(hostname: string, isTaken: (name: string) => boolean): string {
  const cleaned = hostname.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, MAX_LENGTH);
  const base = NODE_NAME_PATTERN.test(cleaned) ? cleaned : 'node';
  if (!isTaken(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const ending = `-${suffix}`;
    const candidate = `${base.slice(0, MAX_LENGTH - ending.length)}${ending}`;
    if (!isTaken(candidate)) return candidate;
  }
}
