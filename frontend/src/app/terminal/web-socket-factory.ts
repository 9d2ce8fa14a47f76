import { DOCUMENT, InjectionToken, inject } from '@angular/core';

/** The part of WebSocket the terminal uses, so tests can stand in for the browser's. */
export interface WebSocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<ArrayBuffer | string>) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string | ArrayBufferView<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export const WEB_SOCKET_FACTORY = new InjectionToken<WebSocketFactory>('WEB_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => {
    const view = inject(DOCUMENT).defaultView!;
    return (url: string) => new view.WebSocket(url);
  },
});

/** WebSocket.OPEN, without reaching for the browser's global (absent in some test set-ups). */
export const SOCKET_OPEN = 1;
