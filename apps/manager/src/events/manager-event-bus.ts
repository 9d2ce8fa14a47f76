import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { ManagerEventDto } from '@tinystack/contracts';

/** What GET /api/events streams: every change the manager sees, as it happens. */
@Injectable()
export class ManagerEventBus implements OnModuleDestroy {
  private readonly subject = new Subject<ManagerEventDto>();

  get events$(): Observable<ManagerEventDto> {
    return this.subject.asObservable();
  }

  /** The event is built only when someone listens, which on a board is rarely: most polls build nothing. */
  publish(build: () => ManagerEventDto): void {
    if (this.subject.observed) this.subject.next(build());
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
