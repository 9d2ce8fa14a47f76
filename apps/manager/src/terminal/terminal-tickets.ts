import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { randomSecret, secretDigest } from '../auth/secret-digest.js';

/** What a ticket opens: the instance it was issued for, to whom, at which size. */
export interface TerminalGrant {
  userId: string;
  actor: string;
  nodeId: string;
  instance: string;
  cols: number | undefined;
  rows: number | undefined;
}

interface Held extends TerminalGrant {
  expiresAt: number;
}

/**
 * Single-use terminal tickets: 256 random bits, held in memory only (a
 * manager restart voids them), under their SHA-256 so that neither a memory
 * dump nor a lookup's timing tells a ticket. Taken once; past its
 * TERMINAL_TICKET_SECONDS (30 by default) it is as unknown as one never issued.
 */
@Injectable()
export class TerminalTickets {
  private readonly held = new Map<string, Held>();

  /** How long a ticket may wait for its WebSocket. */
  readonly lifetimeSeconds: number;

  constructor(
    private readonly clock: Clock,
    @Inject(ManagerSettings) settings: ManagerSettings,
  ) {
    this.lifetimeSeconds = settings.TERMINAL_TICKET_SECONDS;
  }

  issue(grant: TerminalGrant): { ticket: string; expiresAt: Date } {
    const now = this.clock.now().getTime();
    this.forgetExpired(now);
    const ticket = randomSecret();
    const expiresAt = now + this.lifetimeSeconds * 1000;
    this.held.set(secretDigest(ticket), { ...grant, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** The grant of a ticket presented now, which it uses up; null for one unknown, used or expired. */
  take(ticket: string): TerminalGrant | null {
    const now = this.clock.now().getTime();
    this.forgetExpired(now);
    const key = secretDigest(ticket);
    const held = this.held.get(key);
    if (!held) return null;
    this.held.delete(key);
    const { expiresAt: _expiresAt, ...grant } = held;
    return grant;
  }

  /** Tickets of this user not yet used: they count towards the user's terminals. */
  pendingOf(userId: string): number {
    this.forgetExpired(this.clock.now().getTime());
    let count = 0;
    for (const held of this.held.values()) if (held.userId === userId) count += 1;
    return count;
  }

  private forgetExpired(now: number): void {
    for (const [key, held] of this.held) if (held.expiresAt <= now) this.held.delete(key);
  }
}
