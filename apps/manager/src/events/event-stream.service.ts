import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { filter, interval, map, merge, takeUntil, timer, type Observable } from 'rxjs';
import { ManagerEventType, type ManagerEventDto } from '@tinystack/contracts';
import { AccessRevocations } from '../auth/access-revocations.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { Clock } from '../clock/clock.js';
import { ManagerSettings } from '../config/manager.settings.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { EVERYONE, ManagerEventBus, type PublishedEvent } from './manager-event-bus.js';

/** The comment line sent every EVENT_KEEPALIVE_MS: ": keep-alive". */
export const KEEPALIVE_COMMENT = 'keep-alive';

/**
 * One viewer's live events: node figures for everyone; instance lists,
 * operations and log entries only about instances the viewer may see (all of
 * them for an admin). The stream ends when the viewer's credential does: a
 * sign-out, a disabled or deleted user, a revoked token, the session's or
 * the token's expiry.
 */
@Injectable()
export class EventStream {
  constructor(
    private readonly bus: ManagerEventBus,
    private readonly ownership: OwnershipService,
    private readonly revocations: AccessRevocations,
    private readonly clock: Clock,
    @Inject(ManagerSettings) private readonly settings: ManagerSettings,
  ) {}

  for(viewer: Principal): Observable<MessageEvent> {
    const events = this.bus.published$.pipe(
      map((published) => this.visible(viewer, published)),
      filter((event): event is ManagerEventDto => event !== null),
      map((event): MessageEvent => ({ data: event })),
    );
    const keepAlive = interval(this.settings.EVENT_KEEPALIVE_MS).pipe(map((): MessageEvent => ({ comment: KEEPALIVE_COMMENT })));
    const ends = viewer.session?.expiresAt ?? viewer.token?.expiresAt ?? null;
    const revoked = this.revocations.of({ userId: viewer.userId, sessionIdHash: viewer.session?.idHash, tokenId: viewer.token?.id });
    const end = ends ? merge(revoked, timer(Math.max(0, ends.getTime() - this.clock.now().getTime()))) : revoked;
    return merge(events, keepAlive).pipe(takeUntil(end));
  }

  /** The event as this viewer may see it; null when they may not see it at all. */
  visible(viewer: Principal, { event, audience }: PublishedEvent): ManagerEventDto | null {
    if (isAdmin(viewer)) return event;
    if (audience !== EVERYONE) return audience.ownerId === viewer.userId ? event : null;
    if (event.type === ManagerEventType.INSTANCES) {
      return { ...event, instances: event.instances.filter((instance) => this.ownership.maySee(viewer, event.nodeId, instance.name)) };
    }
    if (event.type === ManagerEventType.NODE_USAGE) {
      return { ...event, instanceFigures: event.instanceFigures.filter((figures) => this.ownership.maySee(viewer, event.node.id, figures.name)) };
    }
    return event;
  }
}
