import { DOCUMENT, InjectionToken, inject } from '@angular/core';

/** The part of EventSource the console uses, so tests can stand in for the browser's. */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => {
    const view = inject(DOCUMENT).defaultView!;
    return (url: string) => new view.EventSource(url);
  },
});
