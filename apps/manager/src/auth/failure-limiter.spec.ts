import { FailureLimiter } from './failure-limiter.js';

describe('FailureLimiter', () => {
  const MINUTE = 60_000;

  it('lets a key fail up to the limit within the window, then makes it wait until the oldest failure leaves it', () => {
    const limiter = new FailureLimiter({ limit: 3, windowMs: 15 * MINUTE, maxKeys: 10 });
    limiter.fail('alice', 0);
    limiter.fail('alice', 1 * MINUTE);
    expect(limiter.waitMs('alice', 2 * MINUTE)).toBe(0);
    limiter.fail('alice', 2 * MINUTE);
    expect(limiter.waitMs('alice', 3 * MINUTE)).toBe(12 * MINUTE);
    expect(limiter.waitMs('bob', 3 * MINUTE)).toBe(0);
    expect(limiter.waitMs('alice', 15 * MINUTE)).toBe(0);
    // One more failure: the second-oldest still counts.
    limiter.fail('alice', 15 * MINUTE);
    expect(limiter.waitMs('alice', 15 * MINUTE)).toBe(1 * MINUTE);
  });

  it('forgets a key on request (a successful sign-in)', () => {
    const limiter = new FailureLimiter({ limit: 1, windowMs: MINUTE, maxKeys: 10 });
    limiter.fail('alice', 0);
    expect(limiter.waitMs('alice', 0)).toBe(MINUTE);
    limiter.forget('alice');
    expect(limiter.waitMs('alice', 0)).toBe(0);
  });

  it('bounds its memory: past maxKeys the keys that failed longest ago go first', () => {
    const limiter = new FailureLimiter({ limit: 1, windowMs: MINUTE, maxKeys: 3 });
    for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) limiter.fail(key, index);
    expect(limiter.waitMs('a', 10)).toBe(0);
    expect(['b', 'c', 'd'].map((key) => limiter.waitMs(key, 10) > 0)).toEqual([true, true, true]);
  });
});
