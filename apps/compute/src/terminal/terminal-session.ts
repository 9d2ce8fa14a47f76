import type { WebSocket } from 'ws';
import { TERMINAL_CLOSE_CODES, TERMINAL_SIZE_RANGE, type TerminalServerMessage } from '@tinystack/contracts';
import type { PtyProcess } from './pty.spawner.js';

/** Output waiting for a slow client beyond this pauses the shell until the client caught up. */
const HIGH_WATER_BYTES = 1024 * 1024;
const LOW_WATER_BYTES = 128 * 1024;
const BACKPRESSURE_CHECK_MS = 50;

export interface TerminalSessionOptions {
  instance: string;
  idleMs: number;
  /** Why the shell ended, asked once it did ("the instance stopped", "the shell exited"). */
  describeExit: (code: number | null) => Promise<string>;
  onClosed: () => void;
}

/**
 * One WebSocket joined to one PTY: binary frames are raw bytes both ways, text
 * frames JSON control messages. It ends once, with an exit or error message
 * and a close that carries the reason.
 */
export class TerminalSession {
  private ended = false;
  private idleTimer?: NodeJS.Timeout;
  private drainTimer?: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly pty: PtyProcess,
    private readonly options: TerminalSessionOptions,
  ) {
    pty.onData((data) => this.forwardOutput(data));
    pty.onExit(({ code }) => {
      if (this.ended) return;
      void options.describeExit(code).then((reason) => this.exit(code, reason));
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary));
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
    this.touch();
  }

  get instance(): string {
    return this.options.instance;
  }

  /** Ends the session from the node's side: the instance stopped, the node shuts down. */
  exit(code: number | null, reason: string): void {
    this.end({ type: 'exit', code, reason }, TERMINAL_CLOSE_CODES.normal);
  }

  fail(message: string, closeCode: number = TERMINAL_CLOSE_CODES.internalError): void {
    this.end({ type: 'error', message }, closeCode);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.ended) return;
    this.touch();
    if (isBinary) {
      this.pty.write(data);
      return;
    }
    const problem = this.control(data.toString('utf8'));
    if (problem !== null) this.fail(problem, TERMINAL_CLOSE_CODES.protocolError);
  }

  /** Applies a control message; answers what is wrong with it, or null. */
  private control(text: string): string | null {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return 'A text frame must be a JSON control message such as {"type":"resize","cols":80,"rows":24}; keystrokes go in binary frames';
    }
    const { type, cols, rows } = (message ?? {}) as Record<string, unknown>;
    if (type !== 'resize') return `Unknown control message type ${JSON.stringify(type)}: the only one is "resize"`;
    const inRange = (value: unknown, range: { min: number; max: number }) =>
      Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max;
    if (!inRange(cols, TERMINAL_SIZE_RANGE.cols) || !inRange(rows, TERMINAL_SIZE_RANGE.rows)) {
      return `resize needs whole numbers cols ${TERMINAL_SIZE_RANGE.cols.min}-${TERMINAL_SIZE_RANGE.cols.max} and rows ${TERMINAL_SIZE_RANGE.rows.min}-${TERMINAL_SIZE_RANGE.rows.max}`;
    }
    this.pty.resize(cols as number, rows as number);
    return null;
  }

  private forwardOutput(data: Buffer): void {
    if (this.ended || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(data, { binary: true });
    if (this.socket.bufferedAmount > HIGH_WATER_BYTES && this.drainTimer === undefined) {
      this.pty.pause();
      this.drainTimer = setInterval(() => {
        if (this.socket.bufferedAmount > LOW_WATER_BYTES) return;
        clearInterval(this.drainTimer);
        this.drainTimer = undefined;
        this.pty.resume();
      }, BACKPRESSURE_CHECK_MS);
    }
  }

  /** Idle means nobody typed or resized: a shell printing on its own does not keep a session open. */
  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const minutes = Math.round(this.options.idleMs / 60_000);
      this.exit(null, `the session was idle for ${minutes} minute${minutes === 1 ? '' : 's'}`);
    }, this.options.idleMs);
    this.idleTimer.unref();
  }

  private end(message: TerminalServerMessage, closeCode: number): void {
    if (this.ended) return;
    if (this.socket.readyState === this.socket.OPEN) {
      this.socket.send(JSON.stringify(message));
      const reason = message.type === 'exit' ? message.reason : message.message;
      this.socket.close(closeCode, closeReason(reason));
    }
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idleTimer);
    clearInterval(this.drainTimer);
    this.pty.kill();
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(TERMINAL_CLOSE_CODES.normal);
    this.options.onClosed();
  }
}

/** A close reason is at most 123 bytes of UTF-8 (the full text went in the message before it). */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
