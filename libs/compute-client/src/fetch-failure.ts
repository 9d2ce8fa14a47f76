import { ComputeNodeUnreachableError } from './compute-client.errors.js';

const PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the node',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the node',
  UND_ERR_SOCKET: 'connection closed by the node',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** Failures that happen before a request can have reached the node. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A call's time limit ran out; what the deadline timer aborts a request with. */
export class DeadlineExceeded extends Error {
  override readonly name = 'TimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A request that failed, and whether it had been written to the node (nodeHttpFetch knows). */
export class SendFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly delivered: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Turns what a request throws into a reason a person can act on. fetch wraps
 * the socket error as `cause` of a TypeError("fetch failed"); a dual-stack
 * connect wraps it once more in an AggregateError.
 */
export function describeFetchFailure(error: unknown, timeoutMs: number): ComputeNodeUnreachableError {
  const sent = error instanceof SendFailure ? error.delivered : undefined;
  const failure = error instanceof SendFailure ? error.cause : error;
  if (isTimeout(failure)) {
    return new ComputeNodeUnreachableError(`no answer within ${timeoutMs} ms`, true, sent ?? true);
  }
  const cause = innermostCause(failure);
  const code = errorCode(cause);
  const phrase = code ? PHRASES[code] : undefined;
  const detail = cause instanceof Error && cause.message ? cause.message : String(cause);
  const neverSent = code !== undefined && NOT_DELIVERED.has(code);
  return new ComputeNodeUnreachableError(phrase ? `${phrase} (${detail})` : detail, false, !neverSent && (sent ?? true));
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function innermostCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0 && !errorCode(current)) {
      current = current.errors[0];
      continue;
    }
    const next = current instanceof Error ? current.cause : undefined;
    if (next === undefined || next === null) break;
    current = next;
  }
  return current;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
