import type { ComputeLimits } from '@tinystack/compute-client';

/** Beyond the node's own worst case: the answer's trip and a slow board's event loop. */
export const NODE_TIMEOUT_MARGIN_MS = 5000;

export type TimedCall =
  | { kind: 'read' }
  | { kind: 'create'; start: boolean }
  | { kind: 'start' }
  | { kind: 'stop'; force: boolean; timeoutSeconds: number | undefined }
  | { kind: 'restart'; force: boolean; timeoutSeconds: number | undefined }
  | { kind: 'rename' }
  | { kind: 'delete' };

/** The manager's own limits, for a node that does not report its limits (older than /health's limits). */
export interface FallbackTimeouts {
  requestTimeoutMs: number;
  createTimeoutMs: number;
}

/**
 * How long the manager waits for a node's answer: the longest the node itself
 * can take (its tools' limits, one after the other, as it runs them: the
 * change, the read of the result, and on a timeout the read of the state it
 * left) plus a margin. So the node's own 504 ("after the start attempt the
 * instance is STOPPED") always arrives before the manager gives up.
 */
export function callTimeoutMs(call: TimedCall, limits: ComputeLimits | null, fallback: FallbackTimeouts): number {
  if (!limits) return fallbackTimeoutMs(call, fallback);
  const tool = limits.commandTimeoutMs;
  const grace = (seconds: number | undefined) => (seconds ?? limits.stopTimeoutSeconds) * 1000;
  // A clean stop: lxc-stop -t (its grace plus a tool limit), then maybe a kill, then the read of the state.
  const stop = (force: boolean, seconds: number | undefined) => (force ? tool : grace(seconds) + 2 * tool) + tool;
  const worst = (() => {
    switch (call.kind) {
      case 'read':
        return tool;
      case 'create':
        // lxc-create, maybe lxc-start, the read; after a timeout the clean-up and the read of the state.
        return limits.createTimeoutMs + (call.start ? 4 : 3) * tool;
      case 'start':
        return 3 * tool;
      case 'stop':
        return stop(call.force, call.timeoutSeconds) + tool;
      case 'restart':
        return stop(call.force, call.timeoutSeconds) + 3 * tool;
      case 'rename':
        return 4 * tool;
      case 'delete':
        return 2 * tool;
    }
  })();
  return worst + NODE_TIMEOUT_MARGIN_MS;
}

function fallbackTimeoutMs(call: TimedCall, fallback: FallbackTimeouts): number {
  switch (call.kind) {
    case 'create':
      return fallback.createTimeoutMs;
    case 'stop':
    case 'restart':
      // A stop waits up to timeoutSeconds on the node before killing: the manager waits that long too.
      return fallback.requestTimeoutMs + (call.timeoutSeconds ?? 0) * 1000;
    default:
      return fallback.requestTimeoutMs;
  }
}
