import type { Timeouts } from './verbs/verb.js';

/**
 * Longest waits for the manager: reads are answered from its memory or one
 * node call, and so is a change (the manager accepts it at once as an
 * operation); the wait for a change's end is changeMs (a stop can take the
 * node's LXC_STOP_TIMEOUT_S and more), for a create's end or a registration
 * createMs (a create can take minutes on a slow board; a registration is
 * three node calls). --http-timeout sets them all.
 */
export const DEFAULT_TIMEOUTS: Timeouts = { readMs: 15_000, changeMs: 60_000, createMs: 180_000 };

/** "60 s": a default as help states it. */
export function secondsOf(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
