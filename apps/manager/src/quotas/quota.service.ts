import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import {
  InstanceState,
  MAX_QUOTA_COUNT,
  MAX_QUOTA_MEMORY_MIB,
  MEMORY_QUOTA_NOTE,
  UserRole,
  type QuotaChangeDto,
  type QuotaDefaultsDto,
  type QuotaDto,
  type UserUsageDto,
} from '@tinystack/contracts';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { PreferenceRepository } from '../preferences/preference.repository.js';
import { DatabaseHealth, writeOrRefuse } from '../storage/database-health.js';
import type { QuotaLimits, UserRecord } from '../users/user-record.js';

/** What a class starts with: five instances each, three running at once. */
export const DEFAULT_QUOTA: QuotaLimits = { instances: 5, running: 3, memoryMiB: null };
const DEFAULTS_KEY = 'quota-defaults';
const UNLIMITED: QuotaLimits = { instances: null, running: null, memoryMiB: null };

/** What a change asks for: instances to add, instances to set running, MiB of memory limits to add. */
export interface QuotaNeed {
  instances: number;
  running: number;
  memoryMiB?: number;
  /** A create (or a limit change) that sets no memory limit: refused under a memory quota, which could not count it. */
  unlimitedMemory?: boolean;
}

/** A share of a quota held by a change in flight, so that ten clicks at once cannot pass it. */
export interface QuotaReservation {
  release(): void;
}

const NO_RESERVATION: QuotaReservation = { release: () => undefined };

/**
 * Quotas per member (admins have none): instances and running instances,
 * counted from the boards' instance lists and the owners, plus the creates
 * and starts in flight. A check and its reservation happen in one step, as
 * placement's do. memoryMiB counts the instances' memory limits (as the
 * nodes report them); under a memory quota an instance must have one.
 */
@Injectable()
export class QuotaService {
  private readonly logger = new Logger('Quotas');
  private readonly reserved = new Map<string, QuotaNeed>();
  private cachedDefaults: QuotaLimits | undefined;

  constructor(
    private readonly preferences: PreferenceRepository,
    private readonly database: DatabaseHealth,
    private readonly registry: BoardRegistry,
    private readonly ownership: OwnershipService,
  ) {}

  defaults(): QuotaLimits {
    this.cachedDefaults ??= this.readDefaults();
    return this.cachedDefaults;
  }

  defaultsDto(): QuotaDefaultsDto {
    return { ...this.defaults(), memoryEnforced: true, memoryNote: MEMORY_QUOTA_NOTE };
  }

  /** An absent field stays as it is; null is unlimited. */
  setDefaults(change: QuotaChangeDto): QuotaLimits {
    const next = mergeLimits(this.defaults(), change);
    writeOrRefuse(this.database, 'The quota defaults were not changed', () => this.preferences.set(DEFAULTS_KEY, next));
    this.cachedDefaults = next;
    return next;
  }

  /** The limits that apply to the user now: none for an admin, else their own over the defaults. */
  limitsOf(user: UserRecord): QuotaLimits {
    if (user.role === UserRole.ADMIN) return UNLIMITED;
    const defaults = this.defaults();
    return {
      instances: user.quota.instances ?? defaults.instances,
      running: user.quota.running ?? defaults.running,
      memoryMiB: user.quota.memoryMiB ?? defaults.memoryMiB,
    };
  }

  quotaDto(user: UserRecord): QuotaDto {
    return {
      ...this.limitsOf(user),
      overrides: { ...user.quota },
      exempt: user.role === UserRole.ADMIN,
      memoryEnforced: true,
      memoryNote: MEMORY_QUOTA_NOTE,
    };
  }

  /**
   * What the user has now: instances in the boards' lists they own (the
   * records, for a board whose list is not known yet), those not stopped as
   * running, and what changes in flight hold.
   */
  usage(userId: string): UserUsageDto {
    let instances = 0;
    let running = 0;
    let memoryMiB = 0;
    const listed = new Set<string>();
    for (const board of this.registry.all()) {
      if (!board.instances) continue;
      listed.add(board.id);
      for (const instance of board.instances) {
        if (this.ownership.ownerIdOf(board.id, instance.name) !== userId) continue;
        instances += 1;
        if (instance.state !== InstanceState.STOPPED) running += 1;
        memoryMiB += instance.limits?.memoryMiB ?? 0;
      }
    }
    for (const { nodeId } of this.ownership.instancesOf(userId)) if (!listed.has(nodeId)) instances += 1;
    const held = this.reserved.get(userId);
    return {
      instances: instances + (held?.instances ?? 0),
      running: running + (held?.running ?? 0),
      memoryMiB: memoryMiB + (held?.memoryMiB ?? 0),
    };
  }

  /**
   * Checks the need against the owner's quota and holds it until released
   * (when the change's outcome is known). 403 naming the quota and how to free
   * room. No check when an admin acts, for themself or for a member.
   */
  reserve(owner: UserRecord, need: QuotaNeed, actingAsAdmin: boolean): QuotaReservation {
    const memory = need.memoryMiB ?? 0;
    if (actingAsAdmin || owner.role === UserRole.ADMIN || (need.instances === 0 && need.running === 0 && memory === 0 && !need.unlimitedMemory)) {
      return NO_RESERVATION;
    }
    const limits = this.limitsOf(owner);
    const used = this.usage(owner.id);
    if (need.instances > 0 && limits.instances !== null && used.instances + need.instances > limits.instances) {
      throw new ForbiddenException(refusal(used.instances, limits.instances, 'instances', 'Delete one first', need.instances));
    }
    if (need.running > 0 && limits.running !== null && used.running + need.running > limits.running) {
      throw new ForbiddenException(refusal(used.running, limits.running, 'running instances', 'Stop one first', need.running));
    }
    if (limits.memoryMiB !== null && need.unlimitedMemory) {
      throw new ForbiddenException(
        `Your quota counts memory (${limits.memoryMiB} MiB in all): give the instance a memory limit (limits.memoryMiB, e.g. 64)`,
      );
    }
    if (memory > 0 && limits.memoryMiB !== null && used.memoryMiB + memory > limits.memoryMiB) {
      throw new ForbiddenException(
        `Quota reached: your instances' memory limits come to ${used.memoryMiB} of ${limits.memoryMiB} MiB and this needs ${memory} more. ` +
          'Delete an instance or lower a limit first, or ask your teacher for a larger quota.',
      );
    }
    const held = this.reserved.get(owner.id) ?? { instances: 0, running: 0, memoryMiB: 0 };
    held.instances += need.instances;
    held.running += need.running;
    held.memoryMiB = (held.memoryMiB ?? 0) + memory;
    this.reserved.set(owner.id, held);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        held.instances -= need.instances;
        held.running -= need.running;
        held.memoryMiB = (held.memoryMiB ?? 0) - memory;
        if (held.instances === 0 && held.running === 0 && held.memoryMiB === 0 && this.reserved.get(owner.id) === held) this.reserved.delete(owner.id);
      },
    };
  }

  private readDefaults(): QuotaLimits {
    const stored = this.preferences.get(DEFAULTS_KEY);
    if (stored === undefined) return DEFAULT_QUOTA;
    const limits = stored as Partial<Record<keyof QuotaLimits, unknown>>;
    const field = (value: unknown, max: number): number | null | undefined =>
      value === null ? null : Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max ? (value as number) : undefined;
    const read = {
      instances: field(limits.instances, MAX_QUOTA_COUNT),
      running: field(limits.running, MAX_QUOTA_COUNT),
      memoryMiB: field(limits.memoryMiB, MAX_QUOTA_MEMORY_MIB),
    };
    if (Object.values(read).some((value) => value === undefined)) {
      this.logger.warn(`The stored quota defaults are not valid (${JSON.stringify(stored)}): using ${JSON.stringify(DEFAULT_QUOTA)}`);
      return DEFAULT_QUOTA;
    }
    return read as QuotaLimits;
  }
}

/** 'Quota reached: you have 3 of 3 running instances. Stop one first, or ask your teacher for a larger quota.' */
function refusal(used: number, limit: number, what: string, free: string, needed = 1): string {
  if (limit === 0) return `Quota reached: your quota allows no ${what}. Ask your teacher for a quota.`;
  // A batch asks for several at once: say how many.
  const asked = needed > 1 ? ` and this asks for ${needed} more` : '';
  return `Quota reached: you have ${used} of ${limit} ${what}${asked}. ${free}, or ask your teacher for a larger quota.`;
}

/** Limits with a change applied: absent fields stay, the others (null included) replace. */
export function mergeLimits(current: QuotaLimits, change: QuotaChangeDto): QuotaLimits {
  return {
    instances: change.instances === undefined ? current.instances : change.instances,
    running: change.running === undefined ? current.running : change.running,
    memoryMiB: change.memoryMiB === undefined ? current.memoryMiB : change.memoryMiB,
  };
}
