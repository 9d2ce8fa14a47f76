import { Injectable, Logger } from '@nestjs/common';
import { LogThrottle, RetryLaterException } from '@tinystack/api-kit';
import { FailureLimiter } from './failure-limiter.js';

/** Failed sign-ins allowed per username, and per client address, within SIGN_IN_WINDOW_MS. */
export const SIGN_IN_FAILURES_PER_USER = 5;
export const SIGN_IN_FAILURES_PER_ADDRESS = 20;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Wrong class codes allowed per client address within the same window. */
export const ENROLMENT_FAILURES_PER_ADDRESS = 20;
const TRACKED_KEYS = 10_000;

/**
 * The rate limits of everything that checks a guessable secret: passwords
 * per username and per client address, class codes per address. A limited
 * attempt is refused before any hashing (429 with Retry-After), so a flood
 * costs the board nothing; failures are logged at WARN with the username and
 * the address, never the password.
 */
@Injectable()
export class SignInLimits {
  private readonly logger = new Logger('Auth');
  private readonly byUser = new FailureLimiter({ limit: SIGN_IN_FAILURES_PER_USER, windowMs: SIGN_IN_WINDOW_MS, maxKeys: TRACKED_KEYS });
  private readonly byAddress = new FailureLimiter({ limit: SIGN_IN_FAILURES_PER_ADDRESS, windowMs: SIGN_IN_WINDOW_MS, maxKeys: TRACKED_KEYS });
  private readonly enrolments = new FailureLimiter({ limit: ENROLMENT_FAILURES_PER_ADDRESS, windowMs: SIGN_IN_WINDOW_MS, maxKeys: TRACKED_KEYS });
  /** One line per address and minute for the refusals of limited attempts (the failures themselves are bounded by the limits). */
  private readonly limitedLines = new LogThrottle({ windowMs: 60_000, maxKeys: 100 });

  /** 429 when the username or the address has failed too often lately. */
  assertMaySignIn(username: string, client: string, nowMs: number): void {
    const userWait = this.byUser.waitMs(username, nowMs);
    const addressWait = this.byAddress.waitMs(client, nowMs);
    if (userWait === 0 && addressWait === 0) return;
    this.logLimited(client, `sign-in for ${JSON.stringify(username)}`);
    if (userWait >= addressWait) {
      throw new RetryLaterException(
        `Too many failed sign-ins for "${username}": try again ${inTime(userWait)}, or ask your teacher to reset your password`,
        userWait / 1000,
      );
    }
    throw new RetryLaterException(`Too many failed sign-ins from this computer: try again ${inTime(addressWait)}`, addressWait / 1000);
  }

  signInFailed(username: string, client: string, reason: string, nowMs: number): void {
    this.byUser.fail(username, nowMs);
    this.byAddress.fail(client, nowMs);
    this.logger.warn(`Failed sign-in for ${JSON.stringify(username)} from ${client}: ${reason}`, { username, client, reason });
  }

  signedIn(username: string): void {
    this.byUser.forget(username);
  }

  /** The teacher reset the password: what the refusal told the learner to ask for, so it lets them in again. */
  passwordReset(username: string): void {
    this.byUser.forget(username);
  }

  assertMayEnrol(client: string, nowMs: number): void {
    const wait = this.enrolments.waitMs(client, nowMs);
    if (wait === 0) return;
    this.logLimited(client, 'enrolment');
    throw new RetryLaterException(`Too many wrong class codes from this computer: try again ${inTime(wait)}`, wait / 1000);
  }

  enrolmentFailed(client: string, reason: string, nowMs: number): void {
    this.enrolments.fail(client, nowMs);
    this.logger.warn(`Refused enrolment from ${client}: ${reason}`, { client, reason });
  }

  private logLimited(client: string, what: string): void {
    const decision = this.limitedLines.admit(client);
    if (decision === null) return;
    const held = decision.suppressed > 0 ? ` (${decision.suppressed} more since the last such line)` : '';
    this.logger.warn(`Refused ${what} from ${client}: too many failures lately${held}`, { client });
  }
}

/** "in 12 minutes", "in 40 seconds" */
export function inTime(ms: number): string {
  if (ms < 60_000) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(ms / 60_000);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
