import { vi } from 'vitest';
import { CoalescingTicker } from './coalescing.ticker.js';

describe('CoalescingTicker', () => {
  let ticker: CoalescingTicker;
  let calls: string[];
  let origin: number;

  beforeEach(() => {
    vi.useFakeTimers();
    origin = Date.now();
    ticker = new CoalescingTicker();
    calls = [];
  });

  afterEach(() => {
    ticker.onModuleDestroy();
    vi.useRealTimers();
  });

  /** Each call with the fake time since the test began. */
  const record = (name: string) => () => calls.push(`${name}@${Date.now() - origin}`);

  it('runs periods that are multiples of one another on one timer, in the order they were registered', async () => {
    ticker.every(1000, record('sampler'));
    ticker.every(500, record('led'));
    ticker.every(5000, record('inventory'));

    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);

    const at = (name: string, ms: number) => `${name}@${ms}`;
    expect(calls.filter((call) => call.startsWith('sampler'))).toEqual([1000, 2000, 3000, 4000, 5000].map((ms) => at('sampler', ms)));
    expect(calls.filter((call) => call.startsWith('led'))).toHaveLength(10);
    expect(calls.filter((call) => call.startsWith('inventory'))).toEqual([at('inventory', 5000)]);
    // At 5 s all three fire in one beat: the sampler first, the LED after it.
    expect(calls.slice(-3)).toEqual([at('sampler', 5000), at('led', 5000), at('inventory', 5000)]);
  });

  it('gives a period that is no multiple of the others its own timer', async () => {
    ticker.every(500, record('led'));
    ticker.every(750, record('odd'));
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls.filter((call) => call.startsWith('odd'))).toHaveLength(2);
    expect(calls.filter((call) => call.startsWith('led'))).toHaveLength(3);
  });

  it('stops a callback when asked, and its timer with the last one', async () => {
    const stopLed = ticker.every(500, record('led'));
    const stopSampler = ticker.every(1000, record('sampler'));
    await vi.advanceTimersByTimeAsync(1000);
    stopLed();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.filter((call) => call.startsWith('led'))).toHaveLength(2);
    expect(calls.filter((call) => call.startsWith('sampler'))).toHaveLength(2);
    stopSampler();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts a period joining a running beat from the moment it joins', async () => {
    ticker.every(500, record('led'));
    await vi.advanceTimersByTimeAsync(700);
    ticker.every(1000, record('sampler'));
    await vi.advanceTimersByTimeAsync(300);
    expect(calls.filter((call) => call.startsWith('sampler'))).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.filter((call) => call.startsWith('sampler'))).toHaveLength(1);
  });

  it('refuses a period that is not a whole number of milliseconds', () => {
    expect(() => ticker.every(0, () => undefined)).toThrow(RangeError);
    expect(() => ticker.every(2.5, () => undefined)).toThrow(RangeError);
  });
});
