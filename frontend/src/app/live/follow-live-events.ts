import { DestroyRef, inject } from '@angular/core';
import type { ManagerEvent } from '../api/manager-api.types';
import { LiveEvents } from './live-events';

/**
 * For a store that loads once and then follows the stream: hands it every
 * event, lets it reload after a drop, and stops with the store's injector.
 * Call from an injection context.
 */
export function followLiveEvents(handlers: { onEvent: (event: ManagerEvent) => void; onResumed: () => void }): void {
  const live = inject(LiveEvents);
  const events = live.events$.subscribe(handlers.onEvent);
  const resumed = live.resumed$.subscribe(handlers.onResumed);
  inject(DestroyRef).onDestroy(() => {
    events.unsubscribe();
    resumed.unsubscribe();
  });
}
