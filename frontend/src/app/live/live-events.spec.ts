import { TestBed } from '@angular/core/testing';
import { vi } from 'vitest';
import { ManagerApi } from '../api/manager-api';
import type { EventLogPage, ManagerEvent } from '../api/manager-api.types';
import { StrictManagerApi } from '../../testing/strict-manager-api';
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
  beforeEach(() => {
    vi.useFakeTimers();
    sources = [];
    eventLog = vi.fn(async () => ({ events: [], nextBefore: null }));
    api = new StrictManagerApi({ eventLog });
    TestBed.configureTestingModule({
      providers: [
        { provide: ManagerApi, useValue: api.api },
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

  it('opens the stream on its own path, the cookie saying whose it is (no token in the address), and is live once it opens', async () => {
    live.connect();
    expect(live.status()).toBe('connecting');
    expect(sources.map((source) => source.url)).toEqual(['/api/events']);
    sources[0]!.open();
    expect(live.status()).toBe('live');
    live.connect();
    expect(sources).toHaveLength(1);
  });

  it('passes on every message as a parsed event and ignores data that is not JSON', async () => {
    const received: ManagerEvent[] = [];
    live.events$.subscribe((event) => received.push(event));
    live.connect();
    await vi.advanceTimersByTimeAsync(0);
    sources[0]!.open();
    sources[0]!.send(JSON.stringify(USAGE_EVENT));
    sources[0]!.send('not json');
    expect(received).toEqual([USAGE_EVENT]);
  });

  it('after a drop: says reconnecting, asks the API whether the session still holds, retries with growing delays, and announces the resumption', async () => {
    let resumed = 0;
    live.resumed$.subscribe(() => resumed++);
    live.connect();
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
    live.connect();
    await vi.advanceTimersByTimeAsync(0);
    sources[0]!.fail();
    live.disconnect();
    expect(live.status()).toBe('off');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sources).toHaveLength(1);
  });
});
