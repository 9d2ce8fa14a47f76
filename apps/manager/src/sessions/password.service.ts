import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { clientAddress } from '@tinystack/api-kit';
import { ADMIN_TOKEN_ACTOR, EventAction, EventResult, type ChangePasswordDto } from '@tinystack/contracts';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { Principal } from '../auth/principal.js';
import { SignInLimits } from '../auth/sign-in-limits.js';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import type { UserRecord } from '../users/user-record.js';
import { UserDirectory } from '../users/user-directory.service.js';
import { SessionStore } from './session-store.service.js';

/**
 * A user chooses their password: the current one is checked (with the limits
 * of a sign-in, so a session left open is no way to guess it) unless the
 * account has none or MANAGER_TOKEN asks. Every other session of the user ends.
 */
@Injectable()
export class PasswordService {
  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly limits: SignInLimits,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
  ) {}

  userOf(principal: Principal): UserRecord {
    return this.users.get(principal.userId)!;
  }

  async change(request: Request, principal: Principal, change: ChangePasswordDto): Promise<UserRecord> {
    const user = this.users.get(principal.userId)!;
    if (change.newPassword.trim().toLowerCase() === user.username) throw new BadRequestException('newPassword must not be the username');
    const byAdminToken = principal.actor === ADMIN_TOKEN_ACTOR;
    if (user.passwordHash !== null && !byAdminToken) {
      if (change.currentPassword === undefined) {
        throw new BadRequestException('currentPassword is needed: send the password in use now (the one-time password, after a reset)');
      }
      const client = clientAddress(request);
      this.limits.assertMaySignIn(user.username, client, this.clock.now().getTime());
      if (!(await this.hasher.verify(change.currentPassword, user.passwordHash))) {
        this.limits.signInFailed(user.username, client, 'wrong current password (password change)', this.clock.now().getTime());
        throw new ForbiddenException('The current password is wrong');
      }
      if (user.mustChangePassword && change.newPassword === change.currentPassword) {
        throw new BadRequestException('newPassword must not be the one-time password: the teacher has seen that one');
      }
    }
    const passwordHash = await this.hasher.hash(change.newPassword);
    const changed = this.users.update(user.id, { passwordHash, mustChangePassword: false }, 'The password was not changed');
    this.sessions.revokeAllOf(user.id, principal.session?.idHash);
    this.eventLog.record({
      action: EventAction.USER_PASSWORD_CHANGED,
      result: EventResult.SUCCESS,
      nodeId: null,
      nodeName: null,
      instance: null,
      message: `${user.username} chose a new password` + (byAdminToken ? ' (with the admin token)' : '') + '; their other sessions ended',
      actor: principal.actor,
      owner: null,
    });
    return changed;
  }
}
