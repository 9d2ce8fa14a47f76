const PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the other side',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** Whether what fetch threw is the call's own deadline (AbortSignal.timeout) or an abort. */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * A reason a person can act on for what the built-in fetch threw: it wraps the
 * socket error as `cause` of a TypeError("fetch failed"), and a dual-stack
 * connect wraps it once more in an AggregateError.
 */
export function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) return `no answer within ${formatDuration(timeoutMs)}`;
  const cause = innermostCause(error);
  const code = errorCode(cause);
  const phrase = code ? PHRASES[code] : undefined;
  const detail = cause instanceof Error && cause.message ? cause.message : String(cause);
  return phrase ? `${phrase} (${detail})` : detail;
}

function formatDuration(milliseconds: number): string {
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000} s` : `${milliseconds} ms`;
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
