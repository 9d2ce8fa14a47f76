import { Injectable, inject, signal } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import { ManagerApi } from '../api/manager-api';
import { EVENT_STREAM_PATH, type ManagerEvent } from '../api/manager-api.types';
import { CookieSession } from '../session/cookie-session';
import { EVENT_SOURCE_FACTORY, type EventSourceLike } from './event-source-factory';
import { reconnectDelayMs } from './reconnect-delay';

/** off: signed out; connecting: first attempt; live: events arrive; reconnecting: lost, trying again. */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/**
 * The manager's Server-Sent Events (GET /api/events), the console's only
 * source of change: pages load once, then follow these events and never poll.
 * EventSource cannot send headers: before each attempt the token is turned
 * into the manager's session cookie (POST /api/session), which it sends.
 * After a drop it reconnects with growing delays and announces `resumed$`, so
 * that pages reload what they may have missed.
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents {
  private readonly createSource = inject(EVENT_SOURCE_FACTORY);
  private readonly api = inject(ManagerApi);
  private readonly cookieSession = inject(CookieSession);
  private readonly received = new Subject<ManagerEvent>();
  private readonly resumed = new Subject<void>();
  private source: EventSourceLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private token: string | null = null;

  readonly status = signal<LiveStatus>('off');
  readonly events$: Observable<ManagerEvent> = this.received.asObservable();
  /** The stream is back after a drop: events may have been missed. */
  readonly resumed$: Observable<void> = this.resumed.asObservable();

  connect(token: string): void {
    if (this.token === token && this.source) return;
    this.disconnect();
    this.token = token;
    this.failures = 0;
    this.status.set('connecting');
    this.open();
  }

  disconnect(): void {
    this.token = null;
    this.source?.close();
    this.source = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.status.set('off');
  }

  private open(): void {
    const token = this.token;
    if (token === null) return;
    this.cookieSession.open(token).then(
      () => {
        if (this.token === token && this.source === null) this.listen();
      },
      () => {
        if (this.token === token) this.drop(null);
      },
    );
  }

  private listen(): void {
    const source = this.createSource(EVENT_STREAM_PATH);
    this.source = source;
    source.onopen = () => {
      const wasDropped = this.failures > 0;
      this.failures = 0;
      this.status.set('live');
      if (wasDropped) this.resumed.next();
    };
    source.onmessage = (message) => this.receive(message.data);
    source.onerror = () => this.drop(source);
  }

  private receive(data: string): void {
    let event: ManagerEvent;
    try {
      event = JSON.parse(data) as ManagerEvent;
    } catch {
      return; // not an event of ours (a comment or keep-alive)
    }
    this.received.next(event);
  }

  /**
   * The browser retries on its own only for some failures; closing and
   * retrying here gives one backoff for all. EventSource cannot tell a 401
   * from a network error, so an API call finds out: a 401 signs out.
   */
  private drop(source: EventSourceLike | null): void {
    if (source !== this.source) return;
    source?.close();
    this.source = null;
    this.status.set('reconnecting');
    const delay = reconnectDelayMs(this.failures);
    this.failures += 1;
    this.api.eventLog({ limit: 1 }).catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }
}
