import { signal } from '@angular/core';
import { Subject } from 'rxjs';
import type { ManagerEvent } from '../app/api/manager-api.types';
import type { LiveEvents, LiveStatus } from '../app/live/live-events';

/** The live stream as a test drives it: `emit` delivers an event as the manager would. */
export class FakeLiveEvents {
  readonly status = signal<LiveStatus>('live');
  private readonly received = new Subject<ManagerEvent>();
  private readonly resumed = new Subject<void>();
  readonly events$ = this.received.asObservable();
  readonly resumed$ = this.resumed.asObservable();

  emit(event: ManagerEvent): void {
    this.received.next(event);
  }

  resume(): void {
    this.resumed.next();
  }

  connect(): void {
    throw new Error('FakeLiveEvents.connect was called: the component under test must not open the stream');
  }

  disconnect(): void {
    throw new Error('FakeLiveEvents.disconnect was called: the component under test must not close the stream');
  }

  asLiveEvents(): LiveEvents {
    return this as unknown as LiveEvents;
  }
}
