import { BadRequestException, ConflictException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DeletedUserInstances,
  EventAction,
  EventResult,
  USERNAME_PATTERN,
  USERNAME_RULE,
  UserRole,
  type CreatedUserDto,
  type CreateUserDto,
  type DeletedUserDto,
  type ReassignedInstanceDto,
  type OperationDto,
  type QuotaChangeDto,
  type UpdateUserDto,
} from '@tinystack/contracts';
import { AccessRevocations } from '../auth/access-revocations.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { Principal } from '../auth/principal.js';
import { ONE_TIME_PASSWORD_LENGTH, readableSecret } from '../auth/readable-secret.js';
import { SignInLimits } from '../auth/sign-in-limits.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { Clock } from '../clock/clock.js';
import { EventLog } from '../events/event-log.service.js';
import { ClusterInstancesService } from '../instances/cluster-instances.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { describeLimits } from '../quotas/quota-defaults.controller.js';
import { mergeLimits } from '../quotas/quota.service.js';
import { SessionStore } from '../sessions/session-store.service.js';
import { TokenStore } from '../tokens/token-store.service.js';
import type { QuotaLimits, UserRecord } from './user-record.js';
import { DuplicateUsernameError } from './user.repository.js';
import { UserDirectory } from './user-directory.service.js';

const NO_OVERRIDES: QuotaLimits = { instances: null, running: null, memoryMiB: null };

/** "alice", "bob" */
const quoted = (names: readonly string[]) => names.map((name) => JSON.stringify(name)).join(', ');

/**
 * What the teacher does with the users of a class: create them one by one
 * or from a list (each with a one-time password, answered once and stored as
 * an scrypt hash), change their quota, disable, reset, delete them. A
 * disabled or deleted user's sessions and tokens stop at once.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly tokens: TokenStore,
    private readonly ownership: OwnershipService,
    private readonly instances: ClusterInstancesService,
    private readonly registry: BoardRegistry,
    private readonly eventLog: EventLog,
    private readonly limits: SignInLimits,
    private readonly revocations: AccessRevocations,
    private readonly clock: Clock,
  ) {}

  require(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw new NotFoundException(`No user with id "${id}" (see GET /api/users)`);
    return user;
  }

  async create(caller: Principal, request: CreateUserDto): Promise<CreatedUserDto> {
    const quota = this.quotaFor(request.role, request.quota);
    const [created] = await this.createAll(caller, [request.username], request.role, quota);
    return created!;
  }

  /** All or none: a name that is not a username, appears twice or is taken is refused, naming it, and nobody is created. */
  async createBatch(caller: Principal, usernames: readonly string[], role: UserRole): Promise<CreatedUserDto[]> {
    const invalid = usernames.filter((name) => !USERNAME_PATTERN.test(name));
    if (invalid.length > 0) throw new BadRequestException(`Not usernames (${USERNAME_RULE}): ${quoted(invalid)}; nobody was created`);
    const twice = [...new Set(usernames.filter((name, index) => usernames.indexOf(name) !== index))];
    if (twice.length > 0) throw new BadRequestException(`Named more than once: ${quoted(twice)}; nobody was created`);
    return this.createAll(caller, usernames, role, NO_OVERRIDES);
  }

  update(caller: Principal, id: string, request: UpdateUserDto): UserRecord {
    const user = this.require(id);
    const change: Partial<UserRecord> = {};
    const words: string[] = [];
    if (request.quota !== undefined) {
      this.quotaFor(user.role, request.quota);
      change.quota = mergeLimits(user.quota, request.quota);
      words.push(`own limits ${describeLimits(change.quota)} (null: the default)`);
    }
    if (request.disabled !== undefined && request.disabled !== user.disabled) {
      if (request.disabled) this.assertRemovable(caller, user, 'disabled');
      change.disabled = request.disabled;
      words.push(request.disabled ? 'disabled: their sessions and tokens stopped' : 'enabled');
    }
    if (words.length === 0) return user;
    const updated = this.users.update(user.id, change, `${user.username} was not changed`);
    if (updated.disabled) this.endAccess(user.id);
    this.log(caller, EventAction.USER_CHANGED, `${user.username}: ${words.join('; ')}`);
    return updated;
  }

  /** A new one-time password; the user's sessions end, and they must choose a password at the next sign-in. */
  async resetPassword(caller: Principal, id: string): Promise<string> {
    const user = this.require(id);
    const oneTimePassword = readableSecret(ONE_TIME_PASSWORD_LENGTH);
    const passwordHash = await this.hasher.hash(oneTimePassword);
    this.users.update(user.id, { passwordHash, mustChangePassword: true }, `The password of ${user.username} was not reset`);
    this.sessions.revokeAllOf(user.id);
    this.limits.passwordReset(user.username);
    this.log(caller, EventAction.USER_PASSWORD_RESET, `Reset the password of ${user.username} (a one-time password); their sessions ended`);
    return oneTimePassword;
  }

  /**
   * The user goes with their sessions and tokens. Their instances become the
   * built-in admin's (reassign), or are deleted (forced, as operations; one
   * that cannot be deleted now, its node being down, is given to the admin
   * and said so).
   */
  remove(caller: Principal, id: string, instances: DeletedUserInstances): DeletedUserDto {
    const user = this.require(id);
    this.assertRemovable(caller, user, 'deleted');
    const owned = this.ownership.instancesOf(user.id);
    const operations: OperationDto[] = [];
    const reassigned: ReassignedInstanceDto[] = [];
    if (instances === DeletedUserInstances.DELETE) {
      for (const { nodeId, instance } of owned) {
        const board = this.registry.find(nodeId);
        try {
          operations.push(this.instances.remove(caller, nodeId, instance, true));
        } catch (error) {
          if (!(error instanceof HttpException)) throw error;
          reassigned.push({ nodeId, nodeName: board?.name ?? null, instance, reason: error.message });
        }
      }
    } else {
      for (const { nodeId, instance } of owned) {
        reassigned.push({ nodeId, nodeName: this.registry.find(nodeId)?.name ?? null, instance, reason: 'reassigned' });
      }
    }
    // Whatever is not deleted now is the admin's; a delete under way leaves nothing to own when it succeeds.
    this.ownership.giveAllToAdmin(user.id);
    this.users.remove(user.id, `${user.username} was not deleted`);
    this.tokens.forgetAllOf(user.id);
    this.endAccess(user.id);
    const deleting = operations.length > 0 ? `; deleting ${operations.length} instance${operations.length === 1 ? '' : 's'}` : '';
    const given = reassigned.length > 0 ? `; ${reassigned.length} instance${reassigned.length === 1 ? '' : 's'} given to ${this.users.builtInAdmin.username}` : '';
    this.log(caller, EventAction.USER_DELETED, `Deleted ${user.username} (${user.role})${deleting}${given}`);
    return { operations, reassigned };
  }

  /** Their sessions end, and whatever their credentials opened (event streams) closes now, tokens included. */
  private endAccess(userId: string): void {
    this.sessions.revokeAllOf(userId);
    this.revocations.revoke({ userId });
  }

  private async createAll(caller: Principal, usernames: readonly string[], role: UserRole, quota: QuotaLimits): Promise<CreatedUserDto[]> {
    this.assertFree(usernames);
    const passwords = usernames.map(() => readableSecret(ONE_TIME_PASSWORD_LENGTH));
    const hashes = await Promise.all(passwords.map((password) => this.hasher.hash(password)));
    // Checked again: another request may have taken a name while the hashes were made.
    this.assertFree(usernames);
    const now = this.clock.now();
    const records: UserRecord[] = usernames.map((username, index) => ({
      id: randomUUID(),
      username,
      role,
      passwordHash: hashes[index]!,
      mustChangePassword: true,
      disabled: false,
      builtIn: false,
      quota,
      createdAt: now,
    }));
    try {
      this.users.add(records, usernames.length === 1 ? `${usernames[0]} was not created` : 'Nobody was created');
    } catch (error) {
      if (error instanceof DuplicateUsernameError) throw taken([error.username]);
      throw error;
    }
    this.log(caller, EventAction.USER_CREATED, `Created ${role === UserRole.ADMIN ? 'admin' : 'member'}${usernames.length === 1 ? '' : 's'} ${usernames.join(', ')} (one-time password${usernames.length === 1 ? '' : 's'})`);
    return records.map((record, index) => ({ id: record.id, username: record.username, role: record.role, oneTimePassword: passwords[index]! }));
  }

  private assertFree(usernames: readonly string[]): void {
    const taken_ = usernames.filter((name) => this.users.findByUsername(name));
    if (taken_.length > 0) throw taken(taken_);
  }

  /** Quotas are a member's: an admin has none, and a limit that would do nothing is refused. */
  private quotaFor(role: UserRole, change: QuotaChangeDto | undefined): QuotaLimits {
    const quota = mergeLimits(NO_OVERRIDES, change ?? {});
    if (role === UserRole.ADMIN && Object.values(quota).some((value) => value !== null)) {
      throw new BadRequestException('Admins have no quota: quotas apply to members only');
    }
    return quota;
  }

  private assertRemovable(caller: Principal, user: UserRecord, what: 'disabled' | 'deleted'): void {
    if (user.builtIn) throw new ConflictException(`The built-in ${user.username} account cannot be ${what}: it is the way back in with MANAGER_TOKEN`);
    if (user.id === caller.userId) throw new ConflictException(`You cannot be ${what} by yourself: ask another admin`);
  }

  private log(caller: Principal, action: EventAction, message: string): void {
    this.eventLog.record({ action, result: EventResult.SUCCESS, nodeId: null, nodeName: null, instance: null, message, actor: caller.actor, owner: null });
  }
}

function taken(usernames: readonly string[]): ConflictException {
  return new ConflictException(
    `${usernames.length === 1 ? 'This username is' : 'These usernames are'} taken: ${quoted(usernames)}; nobody was created`,
  );
}
