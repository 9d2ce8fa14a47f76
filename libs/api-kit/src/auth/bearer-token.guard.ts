import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_ROUTE, QUERY_TOKEN_ROUTE } from './public.decorator.js';
import { tokensMatch } from './token-match.js';

/** The token this server accepts, provided by the app. */
export const API_TOKEN = Symbol('API_TOKEN');

@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_TOKEN) private readonly expectedToken: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const presented =
      bearerToken(request.headers.authorization) ??
      (this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_ROUTE, targets) ? queryToken(request) : undefined);
    if (presented === undefined) {
      throw new UnauthorizedException('This API needs a token: send the header "Authorization: Bearer <token>"');
    }
    if (!tokensMatch(presented, this.expectedToken)) {
      throw new UnauthorizedException('The token was not accepted');
    }
    return true;
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
