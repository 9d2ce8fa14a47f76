import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { PtyProcess } from './pty.spawner.js';
import { TerminalSession } from './terminal-session.js';

/** The parts of a ws WebSocket a session uses, recording what it was sent. */
class RecordingSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Array<string | Buffer> = [];
  closedWith?: { code: number; reason?: string };
  send(data: string | Buffer): void {
    this.sent.push(data);
  }
  close(code: number, reason?: string): void {
    this.closedWith ??= { code, reason };
    this.readyState = 3;
  }
}

class RecordingPty implements PtyProcess {
  readonly written: Buffer[] = [];
  readonly sizes: Array<[number, number]> = [];
  killed = false;
  private dataListener?: (data: Buffer) => void;
  onData(listener: (data: Buffer) => void): void {
    this.dataListener = listener;
  }
  onExit(): void {}
  write(data: Buffer): void {
    this.written.push(data);
  }
  resize(cols: number, rows: number): void {
    this.sizes.push([cols, rows]);
  }
  pause(): void {}
  resume(): void {}
  kill(): void {
    this.killed = true;
  }
  print(text: string): void {
    this.dataListener?.(Buffer.from(text));
  }
}

describe('TerminalSession', () => {
  let socket: RecordingSocket;
  let pty: RecordingPty;
  let closed: number;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new RecordingSocket();
    pty = new RecordingPty();
    closed = 0;
    new TerminalSession(socket as unknown as WebSocket, pty, {
      instance: 'web1',
      idleMs: 15 * 60_000,
      describeExit: () => Promise.resolve('the shell exited with status 0'),
      onClosed: () => (closed += 1),
    });
  });

  afterEach(() => vi.useRealTimers());

  it('closes after the idle time without keystrokes, even while the shell prints', () => {
    vi.advanceTimersByTime(14 * 60_000);
    socket.emit('message', Buffer.from('l'), true);
    vi.advanceTimersByTime(14 * 60_000);
    pty.print('top output');
    expect(socket.closedWith).toBeUndefined();
    vi.advanceTimersByTime(60_000);
    expect(socket.sent.at(-1)).toBe(JSON.stringify({ type: 'exit', code: null, reason: 'the session was idle for 15 minutes' }));
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'the session was idle for 15 minutes' });
    expect(pty.killed).toBe(true);
    expect(closed).toBe(1);
  });

  it('passes binary frames to the PTY as bytes and applies resize messages', () => {
    socket.emit('message', Buffer.from([0x03, 0xc3, 0xa9]), true);
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'resize', cols: 132, rows: 43 })), false);
    expect(pty.written).toEqual([Buffer.from([0x03, 0xc3, 0xa9])]);
    expect(pty.sizes).toEqual([[132, 43]]);
    pty.print('hi');
    expect(socket.sent).toEqual([Buffer.from('hi')]);
  });

  it('ends once when the client goes away: the PTY is killed and the session counted out', () => {
    socket.emit('close');
    socket.emit('error', new Error('reset'));
    expect(pty.killed).toBe(true);
    expect(closed).toBe(1);
  });
});
