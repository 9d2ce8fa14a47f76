import { CanActivate, ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_TOKEN_RULE, isApiToken } from '@tinystack/contracts';
import { LogThrottle } from '../logging/log-throttle.js';
import { PUBLIC_ROUTE, QUERY_TOKEN_ROUTE } from './public.decorator.js';
import { tokensMatch } from './token-match.js';

/** The token this server accepts, provided by the app. */
export const API_TOKEN = Symbol('API_TOKEN');

/** One line per client address and minute at most; a classroom has a few dozen machines. */
export const REFUSAL_LOG_WINDOW_MS = 60_000;
const REFUSAL_LOG_ADDRESSES = 100;
/** A scanner may send any path; the line keeps the start of it. */
const MAX_LOGGED_PATH = 120;

@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly logger = new Logger('Auth');
  private readonly refusals = new LogThrottle({ windowMs: REFUSAL_LOG_WINDOW_MS, maxKeys: REFUSAL_LOG_ADDRESSES });

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_TOKEN) private readonly expectedToken: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const presented =
      bearerToken(header) ??
      (this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_ROUTE, targets) ? queryToken(request) : undefined);
    if (presented === undefined) {
      this.logRefusal(request, header === undefined ? 'no token' : 'the Authorization header is not "Bearer <token>"');
      throw new UnauthorizedException('This API needs a token: send the header "Authorization: Bearer <token>"');
    }
    // Checked before anything else looks at it; neither the answer nor the log line shows it.
    if (!isApiToken(presented)) {
      this.logRefusal(request, 'malformed token');
      throw new UnauthorizedException(`The token is malformed: a token is ${API_TOKEN_RULE}`);
    }
    if (!tokensMatch(presented, this.expectedToken)) {
      this.logRefusal(request, 'wrong token');
      throw new UnauthorizedException('The token was not accepted');
    }
    return true;
  }

  /** Says who was refused and why, never with what: neither the header nor the query string is logged. */
  private logRefusal(request: Request, reason: string): void {
    const client = clientAddress(request);
    const decision = this.refusals.admit(client);
    if (decision === null) return;
    const path = (request.originalUrl ?? request.url).split('?')[0]!;
    const route = `${request.method} ${path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path}`;
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

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

function queryToken(request: Request): string | undefined {
  const value = request.query['access_token'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The peer's address (no proxy is trusted), IPv4 without its IPv6-mapped prefix. */
function clientAddress(request: Request): string {
  const address = request.socket?.remoteAddress ?? 'an unknown address';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
