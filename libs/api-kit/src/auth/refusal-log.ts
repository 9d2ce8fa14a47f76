import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import { LogThrottle } from '../logging/log-throttle.js';

/** One line per client address and minute at most; a classroom has a few dozen machines. */
export const REFUSAL_LOG_WINDOW_MS = 60_000;
const REFUSAL_LOG_ADDRESSES = 100;
/** A scanner may send any path; the line keeps the start of it. */
const MAX_LOGGED_PATH = 120;

/**
 * The warning line of a refused request: who was refused and why, never with
 * what (neither a header nor the query string is logged), at most one line
 * per client address and window, with the count of the lines held back.
 */
export class RefusalLog {
  private readonly logger = new Logger('Auth');
  private readonly refusals = new LogThrottle({ windowMs: REFUSAL_LOG_WINDOW_MS, maxKeys: REFUSAL_LOG_ADDRESSES });

  refused(request: Request, reason: string): void {
    const client = clientAddress(request);
    const decision = this.refusals.admit(client);
    if (decision === null) return;
    const route = describeRoute(request);
    const held =
      decision.suppressed === 0
        ? ''
        : ` (${decision.suppressed} more refused ${decision.shared ? 'from other addresses' : 'from this address'} since the last such line)`;
    this.logger.warn(`Refused ${route} from ${client}: ${reason}${held}`, {
      route,
      client,
      reason,
      suppressed: decision.suppressed,
    });
  }
}

/** "GET /api/nodes": the method and the path without its query string, cut when long. */
export function describeRoute(request: Request): string {
  const path = (request.originalUrl ?? request.url).split('?')[0]!;
  return `${request.method} ${path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path}`;
}

/** The token of an "Authorization: Bearer <token>" header; undefined for any other header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** The peer's address (no proxy is trusted), IPv4 without its IPv6-mapped prefix. */
export function clientAddress(request: Request): string {
  const address = request.socket?.remoteAddress ?? 'an unknown address';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
