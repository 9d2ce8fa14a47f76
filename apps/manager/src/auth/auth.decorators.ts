import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiErrors } from '@tinystack/api-kit';
import type { Principal } from './principal.js';

export const ADMIN_ONLY = 'tinystack:admin-only';
export const BEFORE_PASSWORD_CHANGE = 'tinystack:before-password-change';

const principals = new WeakMap<Request, Principal>();

export function attachPrincipal(request: Request, principal: Principal): void {
  principals.set(request, principal);
}

export function principalOf(request: Request): Principal {
  const principal = principals.get(request);
  // A route that reads the caller cannot be @Public(): a bug, not the caller's fault.
  if (!principal) throw new Error('No principal on this request: the route must not be public');
  return principal;
}

/** The caller of the request, as the guard resolved it. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<Request>()),
);

/**
 * Admins only; a member is refused with 403 "Only a teacher (admin) can <what>".
 * Use it only where a member may know the thing exists (nodes, users): what
 * belongs to someone is a 404 to others instead, so that names do not leak.
 */
export const AdminOnly = (what: string) => applyDecorators(SetMetadata(ADMIN_ONLY, what), ApiErrors(403));

/** The route answers a user who signed in with a one-time password and has not chosen a password yet. */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);
