import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_TOKEN_RULE, isApiToken } from '@tinystack/contracts';
import { PUBLIC_ROUTE } from './public.decorator.js';
import { bearerToken, RefusalLog } from './refusal-log.js';
import { tokensMatch } from './token-match.js';

/** The token this server accepts, provided by the app. */
export const API_TOKEN = Symbol('API_TOKEN');

export { REFUSAL_LOG_WINDOW_MS } from './refusal-log.js';

/** One token for the whole API, sent as "Authorization: Bearer <token>": the compute node's guard. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly refusals = new RefusalLog();

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_TOKEN) private readonly expectedToken: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const presented = bearerToken(header);
    if (presented === undefined) {
      this.refusals.refused(request, header === undefined ? 'no token' : 'the Authorization header is not "Bearer <token>"');
      throw new UnauthorizedException('This API needs a token: send the header "Authorization: Bearer <token>"');
    }
    // Checked before anything else looks at it; neither the answer nor the log line shows it.
    if (!isApiToken(presented)) {
      this.refusals.refused(request, 'malformed token');
      throw new UnauthorizedException(`The token is malformed: a token is ${API_TOKEN_RULE}`);
    }
    if (!tokensMatch(presented, this.expectedToken)) {
      this.refusals.refused(request, 'wrong token');
      throw new UnauthorizedException('The token was not accepted');
    }
    return true;
  }
}
