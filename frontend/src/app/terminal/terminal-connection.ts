import { DOCUMENT, DestroyRef, Injectable, inject, signal } from '@angular/core';
import { ApiError, describeFailure } from '../api/api-error';
import { reconnectDelayMs } from '../live/reconnect-delay';
import { InstanceAccessApi } from '../instances/instance-access-api';
import { SOCKET_OPEN, WEB_SOCKET_FACTORY, type WebSocketLike } from './web-socket-factory';

/** Automatic attempts in a row after a dropped link (1, 2, 4, 8, 15 s apart), then the Reconnect button. */
export const MAX_AUTOMATIC_RETRIES = 5;

/** Refusals of a ticket that another try would meet again: the instance is not yours or gone, too many terminals, a bad size. */
const FINAL_TICKET_STATUSES = new Set([400, 401, 403, 404, 409, 429]);

export type TerminalStatus =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  /** The link dropped (or would not open): the next try is `attempt` (1-based) of MAX_AUTOMATIC_RETRIES. */
  | { kind: 'retrying'; attempt: number; delayMs: number; reason: string }
  /** The session is over and is not retried by itself: the shell ended, the instance stopped, a refusal. */
  | { kind: 'ended'; reason: string }
  /** The automatic retries ran out. */
  | { kind: 'failed'; reason: string };

export interface TerminalTarget {
  nodeId: string;
  name: string;
  /** The instance's state as the console last saw it: a terminal that would not open says why when it is not RUNNING. */
  state: () => string | undefined;
}

/** A control message of the node (text frame), as libs/contracts' TerminalServerMessage. */
type ServerMessage = { type: 'exit'; code: number | null; reason: string } | { type: 'error'; message: string };

/**
 * One terminal session, over again after each drop: a fresh single-use
 * ticket (POST .../console), then the WebSocket at its URL. Binary frames
 * carry raw bytes both ways, text frames JSON control messages (resize to
 * the node; exit or error from it, then it closes). A dropped link is tried
 * again by itself, a bounded number of times; a session the node ended (the
 * shell exited, the instance stopped, idle) is not: its reason is the status.
 * Provided by the terminal page, so it ends with it.
 */
@Injectable()
export class TerminalConnection {
  private readonly api = inject(InstanceAccessApi);
  private readonly openSocket = inject(WEB_SOCKET_FACTORY);
  private readonly location = inject(DOCUMENT).location;
  private readonly encoder = new TextEncoder();

  readonly status = signal<TerminalStatus>({ kind: 'idle' });
  /** The shell's output, as bytes (UTF-8 split anywhere: the terminal reassembles it). */
  onOutput: (bytes: Uint8Array) => void = () => undefined;
  /** A new shell is being opened after the previous one went (the page marks the break in the scrollback). */
  onNewSession: () => void = () => undefined;

  private target: TerminalTarget | null = null;
  private size = { cols: 80, rows: 24 };
  private socket: WebSocketLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed tries since the last open: the next automatic one is number `failures + 1`. */
  private failures = 0;
  private sessions = 0;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.retryTimer);
      this.drop(this.socket, 1000, 'the page closed');
    });
  }

  connect(target: TerminalTarget, size: { cols: number; rows: number }): void {
    this.target = target;
    this.size = size;
    this.reconnect();
  }

  /** A new session now, the retries counted afresh (the Reconnect button). */
  reconnect(): void {
    clearTimeout(this.retryTimer);
    this.drop(this.socket, 1000, 'reconnecting');
    this.failures = 0;
    void this.open();
  }

  /** Keystrokes and pastes, as the terminal gives them. Nothing is sent while the link is down. */
  send(data: string): void {
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(this.encoder.encode(data));
  }

  resize(cols: number, rows: number): void {
    if (cols === this.size.cols && rows === this.size.rows) return;
    this.size = { cols, rows };
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  private async open(): Promise<void> {
    const target = this.target;
    if (!target || this.destroyed) return;
    this.status.set({ kind: 'connecting', attempt: this.failures });
    let url: string;
    try {
      const ticket = await this.api.openTerminal(target.nodeId, target.name, this.size);
      url = this.socketUrl(ticket.url);
    } catch (error) {
      if (error instanceof ApiError && FINAL_TICKET_STATUSES.has(error.status)) this.status.set({ kind: 'ended', reason: error.message });
      else this.retryLater(describeFailure(error));
      return;
    }
    if (this.destroyed || this.target !== target) return;
    if (this.sessions++ > 0) this.onNewSession();
    const socket = this.openSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    let ending: string | null = null;
    socket.onopen = () => {
      opened = true;
      this.failures = 0;
      this.status.set({ kind: 'open' });
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') {
        this.onOutput(new Uint8Array(event.data));
        return;
      }
      const message = parseMessage(event.data);
      if (message) ending = message.type === 'exit' ? message.reason : message.message;
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (ending !== null) this.status.set({ kind: 'ended', reason: ending });
      else if (!opened && target.state() !== undefined && target.state() !== 'RUNNING') {
        this.status.set({ kind: 'ended', reason: `"${target.name}" is ${target.state()}: start it, then reconnect` });
      } else if (!opened) this.retryLater('the manager would not open the terminal');
      else this.retryLater(event.reason || 'the connection to the manager was lost');
    };
  }

  private retryLater(reason: string): void {
    if (this.destroyed) return;
    if (this.failures >= MAX_AUTOMATIC_RETRIES) {
      this.status.set({ kind: 'failed', reason });
      return;
    }
    const delayMs = reconnectDelayMs(this.failures);
    this.failures += 1;
    this.status.set({ kind: 'retrying', attempt: this.failures, delayMs, reason });
    this.retryTimer = setTimeout(() => void this.open(), delayMs);
  }

  /** The ticket's path on this origin, as a ws:// (or wss://) address. */
  private socketUrl(path: string): string {
    const url = new URL(path, this.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  }

  private drop(socket: WebSocketLike | null, code: number, reason: string): void {
    if (!socket) return;
    if (this.socket === socket) this.socket = null;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close(code, reason);
  }
}

function parseMessage(text: string): ServerMessage | null {
  try {
    const message = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (message['type'] === 'exit' && typeof message['reason'] === 'string') return message as ServerMessage;
    if (message['type'] === 'error' && typeof message['message'] === 'string') return message as ServerMessage;
  } catch {
    // Not a control message of this protocol: ignored, as an unknown one is.
  }
  return null;
}
