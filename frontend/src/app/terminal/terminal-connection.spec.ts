import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { InstanceAccessApi, type TerminalTicket } from '../instances/instance-access-api';
import { StrictInstanceAccessApi } from '../../testing/strict-instance-access-api';
import { MAX_AUTOMATIC_RETRIES, TerminalConnection } from './terminal-connection';
import { SOCKET_OPEN, WEB_SOCKET_FACTORY, type WebSocketLike } from './web-socket-factory';
import { NODE_ID } from '../../testing/manager-fixtures';

type OpenTerminal = (nodeId: string, name: string, size: { cols: number; rows: number }) => Promise<TerminalTicket>;

/** A WebSocket the test opens, feeds and closes, keeping what the connection sent. */
class ScriptedSocket implements WebSocketLike {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<ArrayBuffer | string>) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: Array<string | Uint8Array> = [];
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(readonly url: string) {}

  open(): void {
    this.readyState = SOCKET_OPEN;
    this.onopen?.(new Event('open'));
  }

  output(text: string): void {
    this.onmessage?.(new MessageEvent('message', { data: new TextEncoder().encode(text).buffer as ArrayBuffer }));
  }

  control(message: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  /** The other side closed (or the link was cut: 1006, no reason). */
  closeFromServer(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }

  send(data: string | ArrayBufferView<ArrayBuffer>): void {
    this.sent.push(typeof data === 'string' ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  close(code?: number, reason?: string): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }
}

const ticket = (n: number): TerminalTicket => ({ url: `/api/console/ticket-${n}?cols=80&rows=24`, expiresAt: '2025-01-01T10:00:30.000Z' });

describe('TerminalConnection', () => {
  let sockets: ScriptedSocket[];
  let openTerminal: ReturnType<typeof vi.fn<OpenTerminal>>;
  let api: StrictInstanceAccessApi;
  let connection: TerminalConnection;
  let state: string | undefined;
  let output: string;
  let newSessions: number;
  let destroy: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    let issued = 0;
    openTerminal = vi.fn<OpenTerminal>(async () => ticket(++issued));
    api = new StrictInstanceAccessApi({ openTerminal });
    TestBed.configureTestingModule({
      providers: [
        { provide: InstanceAccessApi, useValue: api.api },
        {
          provide: WEB_SOCKET_FACTORY,
          useValue: (url: string) => {
            const socket = new ScriptedSocket(url);
            sockets.push(socket);
            return socket;
          },
        },
      ],
    });
    // An injector of its own, as the page's: destroying it is the page going.
    const page = createEnvironmentInjector([TerminalConnection], TestBed.inject(EnvironmentInjector));
    destroy = () => page.destroy();
    connection = page.get(TerminalConnection);
    state = 'RUNNING';
    output = '';
    newSessions = 0;
    const decoder = new TextDecoder();
    connection.onOutput = (bytes) => (output += decoder.decode(bytes));
    connection.onNewSession = () => (newSessions += 1);
  });

  afterEach(() => {
    vi.useRealTimers();
    api.verify();
  });

  async function connect(): Promise<ScriptedSocket> {
    connection.connect({ nodeId: NODE_ID, name: 'web1', state: () => state }, { cols: 120, rows: 32 });
    await vi.advanceTimersByTimeAsync(0);
    return sockets.at(-1)!;
  }

  it('asks for a ticket with the size, opens it as ws:// on this host, and passes bytes and resizes both ways', async () => {
    const socket = await connect();
    expect(openTerminal).toHaveBeenCalledWith(NODE_ID, 'web1', { cols: 120, rows: 32 });
    expect(socket.url).toBe(`ws://${location.host}/api/console/ticket-1?cols=80&rows=24`);
    expect(socket.binaryType).toBe('arraybuffer');
    expect(connection.status()).toEqual({ kind: 'connecting', attempt: 0 });

    connection.send('lost');
    socket.open();
    expect(connection.status()).toEqual({ kind: 'open' });
    socket.output('/ # ');
    expect(output).toBe('/ # ');
    connection.send('ls é\r');
    connection.resize(100, 30);
    connection.resize(100, 30);
    // Keystrokes in binary frames (UTF-8), control messages in text frames.
    expect(socket.sent.map((frame) => (typeof frame === 'string' ? frame : { binary: [...frame] }))).toEqual([
      { binary: [0x6c, 0x73, 0x20, 0xc3, 0xa9, 0x0d] },
      '{"type":"resize","cols":100,"rows":30}',
    ]);
  });

  it('ends with the reason the node gives (the instance stopped), and does not try again by itself', async () => {
    const socket = await connect();
    socket.open();
    socket.control({ type: 'exit', code: null, reason: 'the instance stopped' });
    socket.closeFromServer(1000, 'the instance stopped');
    expect(connection.status()).toEqual({ kind: 'ended', reason: 'the instance stopped' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(openTerminal).toHaveBeenCalledTimes(1);
  });

  it('ends with the error message of the node', async () => {
    const socket = await connect();
    socket.open();
    socket.control({ type: 'error', message: 'The node could not open a terminal: lxc-attach failed' });
    socket.closeFromServer(1011, 'The node could not open a terminal');
    expect(connection.status()).toEqual({ kind: 'ended', reason: 'The node could not open a terminal: lxc-attach failed' });
  });

  it('tries a dropped link again with a fresh ticket, a bounded number of times, then waits for Reconnect', async () => {
    const first = await connect();
    first.open();
    first.closeFromServer(1006);
    expect(connection.status()).toEqual({ kind: 'retrying', attempt: 1, delayMs: 1000, reason: 'the connection to the manager was lost' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(openTerminal).toHaveBeenCalledTimes(2);
    expect(sockets[1]!.url).toContain('ticket-2');
    expect(connection.status()).toEqual({ kind: 'connecting', attempt: 1 });
    expect(newSessions).toBe(1);

    // The manager stays away: each handshake fails, farther apart each time.
    const delays: number[] = [];
    for (let failed = 1; failed <= MAX_AUTOMATIC_RETRIES; failed++) {
      sockets.at(-1)!.closeFromServer(1006);
      const status = connection.status();
      if (status.kind !== 'retrying') break;
      delays.push(status.delayMs);
      await vi.advanceTimersByTimeAsync(status.delayMs);
    }
    expect(delays).toEqual([2000, 4000, 8000, 15000]);
    expect(connection.status()).toEqual({ kind: 'failed', reason: 'the manager would not open the terminal' });
    expect(openTerminal).toHaveBeenCalledTimes(1 + MAX_AUTOMATIC_RETRIES);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(openTerminal).toHaveBeenCalledTimes(1 + MAX_AUTOMATIC_RETRIES);

    connection.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    sockets.at(-1)!.open();
    expect(connection.status()).toEqual({ kind: 'open' });
  });

  it('counts the tries afresh once a session opened again', async () => {
    (await connect()).open();
    sockets[0]!.closeFromServer(1001, 'the manager is shutting down');
    expect(connection.status()).toMatchObject({ kind: 'retrying', attempt: 1, reason: 'the manager is shutting down' });
    await vi.advanceTimersByTimeAsync(1000);
    sockets[1]!.open();
    sockets[1]!.closeFromServer(1006);
    expect(connection.status()).toMatchObject({ kind: 'retrying', attempt: 1, delayMs: 1000 });
  });

  it('says the instance is not running when the terminal will not open and the list says so', async () => {
    const socket = await connect();
    state = 'STOPPED';
    socket.closeFromServer(1006);
    expect(connection.status()).toEqual({ kind: 'ended', reason: '"web1" is STOPPED: start it, then reconnect' });
  });

  it("ends on the manager's refusal of a ticket that another try would meet again, and retries one that may pass", async () => {
    openTerminal.mockRejectedValueOnce(new ApiError(429, 'You have 4 terminals open (or about to open), the most one user may have: close one first'));
    await connect();
    expect(connection.status()).toEqual({
      kind: 'ended',
      reason: 'You have 4 terminals open (or about to open), the most one user may have: close one first',
    });
    expect(sockets).toEqual([]);

    openTerminal.mockRejectedValueOnce(new ApiError(503, 'Node "pi-node-1" is UNREACHABLE'));
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.status()).toEqual({ kind: 'retrying', attempt: 1, delayMs: 1000, reason: 'Node "pi-node-1" is UNREACHABLE' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(1);
  });

  it('closes its socket and stops trying when the page goes', async () => {
    const socket = await connect();
    socket.open();
    socket.closeFromServer(1006);
    destroy();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(openTerminal).toHaveBeenCalledTimes(1);
  });

  it('closes the open socket when the page goes', async () => {
    const socket = await connect();
    socket.open();
    destroy();
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'the page closed' });
  });
});
