import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ADMIN_TOKEN_ACTOR } from '@tinystack/contracts';
import { PUBLIC_ROUTE } from '@tinystack/api-kit';
import { ADMIN_ONLY, attachPrincipal, BEFORE_PASSWORD_CHANGE } from './auth.decorators.js';
import { Authenticator } from './authenticator.service.js';
import { isAdmin } from './principal.js';

export const SET_PASSWORD_FIRST = 'set a new password first (PUT /api/me/password): you signed in with a one-time password';

/**
 * The manager's guard on every route not marked @Public(): who the caller is
 * (Authenticator), then whether they may use the route: a user with a
 * one-time password only reaches the routes that let them set one, a member
 * never reaches an @AdminOnly() route.
 */
@Injectable()
export class PrincipalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const principal = this.authenticator.authenticate(request);
    attachPrincipal(request, principal);
    const user = this.authenticator.userOf(principal);
    // MANAGER_TOKEN is the way back in for the teacher: it is never held up by a one-time password.
    if (user.mustChangePassword && principal.actor !== ADMIN_TOKEN_ACTOR && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)) {
      throw new ForbiddenException(SET_PASSWORD_FIRST);
    }
    const adminOnly = this.reflector.getAllAndOverride<string | undefined>(ADMIN_ONLY, targets);
    if (adminOnly !== undefined && !isAdmin(principal)) throw new ForbiddenException(`Only a teacher (admin) can ${adminOnly}`);
    return true;
  }
}
