import { ManagerSettings } from '../config/manager.settings.js';
import { ManualClock } from '../testing/manual.clock.js';
import { TerminalTickets, type TerminalGrant } from './terminal-tickets.js';

const GRANT: TerminalGrant = { userId: 'u-1', actor: 'mallory', nodeId: 'n-1', instance: 'web1', cols: 80, rows: 24 };

describe('TerminalTickets', () => {
  let clock: ManualClock;
  let tickets: TerminalTickets;

  beforeEach(() => {
    clock = new ManualClock('2026-12-02T09:00:00Z');
    tickets = new TerminalTickets(clock, new ManagerSettings());
  });

  it('opens its grant once, within TERMINAL_TICKET_SECONDS (30 by default)', () => {
    const { ticket, expiresAt } = tickets.issue(GRANT);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.toISOString()).toBe('2026-12-02T09:00:30.000Z');
    clock.advance(29_999);
    expect(tickets.take(ticket)).toEqual(GRANT);
    expect(tickets.take(ticket)).toBeNull();
  });

  it('is unknown from the moment it expires, and then no longer counts towards the user\'s terminals', () => {
    const { ticket } = tickets.issue(GRANT);
    tickets.issue({ ...GRANT, userId: 'u-2' });
    expect(tickets.pendingOf('u-1')).toBe(1);
    clock.advance(30_000);
    expect(tickets.pendingOf('u-1')).toBe(0);
    expect(tickets.take(ticket)).toBeNull();
  });

  it('lives as long as the setting says', () => {
    const short = new TerminalTickets(clock, Object.assign(new ManagerSettings(), { TERMINAL_TICKET_SECONDS: 3 }));
    expect(short.lifetimeSeconds).toBe(3);
    const { ticket, expiresAt } = short.issue(GRANT);
    expect(expiresAt.toISOString()).toBe('2026-12-02T09:00:03.000Z');
    clock.advance(3_000);
    expect(short.take(ticket)).toBeNull();
  });

  it('knows no ticket it did not issue, nor one issued by another manager', () => {
    const { ticket } = new TerminalTickets(clock, new ManagerSettings()).issue(GRANT);
    expect(tickets.take(ticket)).toBeNull();
    expect(tickets.take('A'.repeat(43))).toBeNull();
  });
});
