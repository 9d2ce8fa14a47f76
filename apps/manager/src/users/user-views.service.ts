import { Injectable } from '@nestjs/common';
import type { UserDto } from '@tinystack/contracts';
import { QuotaService } from '../quotas/quota.service.js';
import type { UserRecord } from './user-record.js';

/** A user as the API shows them: never their password hash. */
@Injectable()
export class UserViews {
  constructor(private readonly quotas: QuotaService) {}

  toDto(user: UserRecord): UserDto {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      builtIn: user.builtIn,
      disabled: user.disabled,
      mustChangePassword: user.mustChangePassword,
      hasPassword: user.passwordHash !== null,
      quota: this.quotas.quotaDto(user),
      usage: this.quotas.usage(user.id),
      createdAt: user.createdAt.toISOString(),
    };
  }
}
