import { TestBed } from '@angular/core/testing';
import { vi } from 'vitest';
import { ManagerApi } from '../api/manager-api';
import type { EventLogPage, ManagerEvent } from '../api/manager-api.types';
import { StrictManagerApi } from '../../testing/strict-manager-api';
import { CookieSession } from '../session/cookie-session';
import { EVENT_SOURCE_FACTORY, type EventSourceLike } from './event-source-factory';
import { LiveEvents } from './live-events';

/** An EventSource the test opens, feeds and breaks. */
class ScriptedSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  open(): void {
    this.onopen!(new Event('open'));
  }

  send(data: string): void {
    this.onmessage!(new MessageEvent('message', { data }));
  }

  fail(): void {
    this.onerror!(new Event('error'));
  }

  close(): void {
    this.closed = true;
  }
}

const USAGE_EVENT: ManagerEvent = { type: 'node-removed', at: '2025-01-01T10:00:00.000Z', nodeId: 'n1' };

describe('LiveEvents', () => {
  let sources: ScriptedSource[];
  let api: StrictManagerApi;
  let eventLog: ReturnType<typeof vi.fn<(query: { limit: number }) => Promise<EventLogPage>>>;
  let live: LiveEvents;
  /** The tokens turned into session cookies, in order; a token in `refused` fails as a 401 would. */
  let cookies: string[];
  let refused: Set<string>;

  beforeEach(() => {
    vi.useFakeTimers();
    sources = [];
    cookies = [];
    refused = new Set();
    eventLog = vi.fn(async () => ({ events: [], nextBefore: null }));
    api = new StrictManagerApi({ eventLog });
    TestBed.configureTestingModule({
      providers: [
        { provide: ManagerApi, useValue: api.api },
        {
          provide: CookieSession,
          useValue: {
            open: async (token: string) => {
              cookies.push(token);
              if (refused.has(token)) throw new Error('/api/session answered 401');
            },
          },
        },
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: (url: string) => {
            const source = new ScriptedSource(url);
            sources.push(source);
            return source;
          },
        },
      ],
    });
    live = TestBed.inject(LiveEvents);
  });

  afterEach(() => {
    live.disconnect();
    vi.useRealTimers();
    api.verify();
  });

  it('turns the token into the session cookie, then opens the stream without it in the address, and is live once it opens', async () => {
    live.connect('tok/en+1');
    expect(live.status()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(cookies).toEqual(['tok/en+1']);
    expect(sources.map((source) => source.url)).toEqual(['/api/events']);
    sources[0]!.open();
    expect(live.status()).toBe('live');
  });

  it('retries as after a drop when the cookie cannot be had, asking the API whether the token still holds', async () => {
    refused.add('token');
    live.connect('token');
    await vi.advanceTimersByTimeAsync(0);
    expect(sources).toEqual([]);
    expect(live.status()).toBe('reconnecting');
    expect(eventLog).toHaveBeenCalledWith({ limit: 1 });
    refused.clear();
    await vi.advanceTimersByTimeAsync(1000);
    expect(cookies).toEqual(['token', 'token']);
    expect(sources).toHaveLength(1);
  });

  it('passes on every message as a parsed event and ignores data that is not JSON', async () => {
    const received: ManagerEvent[] = [];
    live.events$.subscribe((event) => received.push(event));
    live.connect('token');
    await vi.advanceTimersByTimeAsync(0);
    sources[0]!.open();
    sources[0]!.send(JSON.stringify(USAGE_EVENT));
    sources[0]!.send('not json');
    expect(received).toEqual([USAGE_EVENT]);
  });

  it('after a drop: says reconnecting, checks the token, retries with growing delays, and announces the resumption', async () => {
    let resumed = 0;
    live.resumed$.subscribe(() => resumed++);
    live.connect('token');
    await vi.advanceTimersByTimeAsync(0);
    sources[0]!.open();

    sources[0]!.fail();
    expect(sources[0]!.closed).toBe(true);
    expect(live.status()).toBe('reconnecting');
    expect(eventLog).toHaveBeenCalledWith({ limit: 1 });
    await vi.advanceTimersByTimeAsync(999);
    expect(sources).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sources).toHaveLength(2);

    sources[1]!.fail();
    await vi.advanceTimersByTimeAsync(1999);
    expect(sources).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sources).toHaveLength(3);

    sources[2]!.open();
    expect(live.status()).toBe('live');
    expect(resumed).toBe(1);

    // A drop after a good connection starts again from the shortest delay.
    sources[2]!.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sources).toHaveLength(4);
  });

  it('stops everything on disconnect: no stream, no retry', async () => {
    live.connect('token');
    await vi.advanceTimersByTimeAsync(0);
    sources[0]!.fail();
    live.disconnect();
    expect(live.status()).toBe('off');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sources).toHaveLength(1);
  });

  it('replaces the stream when the token changes, with a cookie of the new token', async () => {
    live.connect('first');
    await vi.advanceTimersByTimeAsync(0);
    live.connect('second');
    await vi.advanceTimersByTimeAsync(0);
    expect(sources[0]!.closed).toBe(true);
    expect(sources).toHaveLength(2);
    expect(cookies).toEqual(['first', 'second']);
  });
});
