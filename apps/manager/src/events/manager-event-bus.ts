import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subject, map, type Observable } from 'rxjs';
import type { ManagerEventDto } from '@tinystack/contracts';

/** Everyone who may read the event stream: node figures, node states. */
export const EVERYONE = 'everyone';

/**
 * Who may see a published event: everyone, or the admins and the owner of the
 * instance it is about (ownerId null: the admins only). An instances event
 * goes to everyone, each viewer seeing only the instances they may see.
 */
export type EventAudience = typeof EVERYONE | { ownerId: string | null };

export interface PublishedEvent {
  event: ManagerEventDto;
  audience: EventAudience;
}

/** What GET /api/events streams: every change the manager sees, as it happens. */
@Injectable()
export class ManagerEventBus implements OnModuleDestroy {
  private readonly subject = new Subject<PublishedEvent>();

  /** Each event with who may see it: what the stream filters per viewer. */
  get published$(): Observable<PublishedEvent> {
    return this.subject.asObservable();
  }

  /** Every event, whoever may see it. */
  get events$(): Observable<ManagerEventDto> {
    return this.subject.pipe(map((published) => published.event));
  }

  /** The event is built only when someone listens, which on a board is rarely: most polls build nothing. */
  publish(build: () => ManagerEventDto, audience: EventAudience = EVERYONE): void {
    if (this.subject.observed) this.subject.next({ event: build(), audience });
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
