import { BadRequestException, ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { clientAddress, tokensMatch } from '@tinystack/api-kit';
import {
  DEFAULT_CLASS_CODE_MINUTES,
  EventAction,
  EventResult,
  UserRole,
  type ClassCodeDto,
  type ClassCodeStatusDto,
  type EnrolDto,
} from '@tinystack/contracts';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { Principal } from '../auth/principal.js';
import { CLASS_CODE_LENGTH, readableSecret } from '../auth/readable-secret.js';
import { SignInLimits } from '../auth/sign-in-limits.js';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import { PreferenceRepository } from '../preferences/preference.repository.js';
import { SignInService, type OpenedSession } from '../sessions/sign-in.service.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import { DuplicateUsernameError } from '../users/user.repository.js';
import { UserDirectory } from '../users/user-directory.service.js';

const CLASS_CODE_KEY = 'class-code';
export const CLASS_CODE_NOT_OPEN = 'this class code is not open';

interface OpenCode {
  code: string;
  expiresAt: Date;
}

/**
 * The class code: while it is open, learners enrol themselves with it,
 * choosing their username and password (a member each, with the default
 * quota). It is shown to the teacher again while it is open, so it is stored
 * as it is: short-lived, it admits new member accounts only, and wrong codes
 * are rate-limited per address.
 */
@Injectable()
export class ClassCodeService {
  private current: OpenCode | null | undefined;

  constructor(
    private readonly preferences: PreferenceRepository,
    private readonly database: DatabaseHealth,
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly signIns: SignInService,
    private readonly limits: SignInLimits,
    private readonly eventLog: EventLog,
    private readonly clock: Clock,
  ) {}

  /** Opens a new code (replacing an open one) for `minutes`. */
  open(caller: Principal, minutes = DEFAULT_CLASS_CODE_MINUTES): ClassCodeDto {
    const code: OpenCode = { code: readableSecret(CLASS_CODE_LENGTH), expiresAt: new Date(this.clock.now().getTime() + minutes * 60_000) };
    writeOrRefuse(this.database, 'The class code was not opened', () =>
      this.preferences.set(CLASS_CODE_KEY, { code: code.code, expiresAt: code.expiresAt.toISOString() }),
    );
    this.current = code;
    this.log(caller.actor, EventAction.CLASS_CODE_OPENED, `Opened a class code until ${code.expiresAt.toISOString()} (${minutes} minutes)`);
    return { code: code.code, expiresAt: code.expiresAt.toISOString() };
  }

  status(): ClassCodeStatusDto {
    const open = this.openCode();
    return { open: open !== null, code: open?.code ?? null, expiresAt: open?.expiresAt.toISOString() ?? null };
  }

  close(caller: Principal): void {
    const wasOpen = this.openCode() !== null;
    writeOrRefuse(this.database, 'The class code was not closed', () => this.preferences.remove(CLASS_CODE_KEY));
    this.current = null;
    if (wasOpen) this.log(caller.actor, EventAction.CLASS_CODE_CLOSED, 'Closed the class code');
  }

  /** A new member, signed in: 403 for a wrong, closed or expired code (limited per address), 409 for a taken name. */
  async enrol(request: Request, enrolment: EnrolDto): Promise<OpenedSession> {
    const client = clientAddress(request);
    this.limits.assertMayEnrol(client, this.clock.now().getTime());
    const open = this.openCode();
    if (!open || !tokensMatch(enrolment.code, open.code)) {
      this.limits.enrolmentFailed(client, open ? 'wrong class code' : 'no class code is open', this.clock.now().getTime());
      throw new ForbiddenException(`${CLASS_CODE_NOT_OPEN}: check it with your teacher`);
    }
    if (enrolment.password.trim().toLowerCase() === enrolment.username) throw new BadRequestException('password must not be the username');
    if (this.users.findByUsername(enrolment.username)) throw usernameTaken(enrolment.username);
    const passwordHash = await this.hasher.hash(enrolment.password);
    const id = randomUUID();
    try {
      this.users.add(
        [
          {
            id,
            username: enrolment.username,
            role: UserRole.MEMBER,
            passwordHash,
            mustChangePassword: false,
            disabled: false,
            builtIn: false,
            quota: { instances: null, running: null, memoryMiB: null },
            createdAt: this.clock.now(),
          },
        ],
        'You were not enrolled',
      );
    } catch (error) {
      if (error instanceof DuplicateUsernameError) throw usernameTaken(enrolment.username);
      throw error;
    }
    this.log(enrolment.username, EventAction.USER_ENROLLED, `${enrolment.username} enrolled with the class code (from ${client})`);
    return this.signIns.openSession(request, id, 'enrolment');
  }

  /** The open code; an expired one is closed on the way. */
  private openCode(): OpenCode | null {
    if (this.current === undefined) {
      const stored = this.preferences.get(CLASS_CODE_KEY) as { code?: unknown; expiresAt?: unknown } | undefined;
      const expiresAt = typeof stored?.expiresAt === 'string' ? new Date(stored.expiresAt) : null;
      this.current = typeof stored?.code === 'string' && expiresAt && !Number.isNaN(expiresAt.getTime()) ? { code: stored.code, expiresAt } : null;
    }
    if (this.current && this.clock.now() >= this.current.expiresAt) this.current = null;
    return this.current;
  }

  private log(actor: string, action: EventAction, message: string): void {
    this.eventLog.record({ action, result: EventResult.SUCCESS, nodeId: null, nodeName: null, instance: null, message, actor, owner: null });
  }
}

function usernameTaken(username: string): ConflictException {
  return new ConflictException(`The username "${username}" is taken: choose another`);
}
