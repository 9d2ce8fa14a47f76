import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { UpgradeRefusal, WebSocketUpgrades } from '@tinystack/api-kit';
import { EventAction, EventResult } from '@tinystack/contracts';
import type { Board } from '../boards/board.js';
import { BoardRegistry } from '../boards/board-registry.service.js';
import { EventLog } from '../events/event-log.service.js';
import { OwnershipService } from '../ownership/ownership.service.js';
import { TerminalTickets, type TerminalGrant } from './terminal-tickets.js';

/** Where a ticket is presented; anything after /api/console/ is taken for a ticket, and never echoed. */
const TICKET_PATH = /^\/api\/console\/([^/]*)$/;
/** The node's own limit on a frame (a paste). */
const MAX_FRAME_BYTES = 256 * 1024;
/** The node's WebSocket handshake: it checks the instance first, which takes an LXC tool at most. */
const NODE_HANDSHAKE_MS = 15_000;
/** Terminals one user may have open (or about to open) at once, over all nodes. */
export const MAX_TERMINALS_PER_USER = 4;
/** Output waiting for a slow client beyond this pauses the node's side until it drains. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** The most of a node's refusal body read. */
const MAX_REFUSAL_BYTES = 8 * 1024;

const PREFIX = '/api/console/';

interface Session {
  userId: string;
  client: WebSocket;
  node: WebSocket;
}

/**
 * The terminal through the manager: a WebSocket at /api/console/<ticket>,
 * piped to the node's /instances/:name/console with the node's token in the
 * Authorization header. Frames pass both ways unchanged; either side closing
 * closes the other with the same code and reason. A node's refusal (its
 * sessions full, the instance not running) is the upgrade's HTTP answer, with
 * the node's status and words. No log line holds a ticket.
 */
@Injectable()
export class TerminalProxy implements OnModuleInit, OnModuleDestroy {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private readonly sessions = new Set<Session>();

  constructor(
    private readonly upgrades: WebSocketUpgrades,
    private readonly tickets: TerminalTickets,
    private readonly registry: BoardRegistry,
    private readonly ownership: OwnershipService,
    private readonly eventLog: EventLog,
  ) {}

  onModuleInit(): void {
    this.upgrades.route(TICKET_PATH, (request, socket, head, match) => this.open(request, socket, head, match[1]!));
  }

  onModuleDestroy(): void {
    for (const session of this.sessions) {
      session.client.terminate();
      session.node.terminate();
    }
    this.server.close();
  }

  /** The path a ticket is opened at, with the size asked for. */
  static urlFor(ticket: string, size: { cols?: number; rows?: number }): string {
    const query = new URLSearchParams();
    if (size.cols !== undefined) query.set('cols', String(size.cols));
    if (size.rows !== undefined) query.set('rows', String(size.rows));
    const text = query.toString();
    return `${PREFIX}${ticket}${text ? `?${text}` : ''}`;
  }

  /** Terminals the user has open now. */
  openOf(userId: string): number {
    let count = 0;
    for (const session of this.sessions) if (session.userId === userId) count += 1;
    return count;
  }

  private async open(request: IncomingMessage, socket: Duplex, head: Buffer, ticket: string): Promise<void> {
    const grant = this.tickets.take(ticket);
    if (!grant) {
      throw new UpgradeRefusal(
        401,
        `This terminal ticket is unknown, used or expired (a ticket opens one terminal, within ${this.tickets.lifetimeSeconds} seconds): ` +
          'ask for a new one with POST /api/nodes/:nodeId/instances/:name/console',
      );
    }
    const board = this.registry.find(grant.nodeId);
    if (!board) throw new UpgradeRefusal(404, 'The node of this terminal was unregistered');
    const node = await this.connect(board, grant);
    if (socket.destroyed) {
      node.terminate();
      return;
    }
    this.server.handleUpgrade(request, socket, head, (client) => this.pipe({ userId: grant.userId, client, node }, board, grant));
  }

  /** Opens the node's side; a refusal or a failure becomes the client's HTTP answer. */
  private connect(board: Board, grant: TerminalGrant): Promise<WebSocket> {
    const url = new URL(`/instances/${encodeURIComponent(grant.instance)}/console`, board.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (grant.cols !== undefined) url.searchParams.set('cols', String(grant.cols));
    if (grant.rows !== undefined) url.searchParams.set('rows', String(grant.rows));
    const node = new WebSocket(url, {
      headers: { authorization: `Bearer ${board.record.token}` },
      handshakeTimeout: NODE_HANDSHAKE_MS,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      followRedirects: false,
    });
    return new Promise<WebSocket>((resolve, reject) => {
      let settled = false;
      const refused = (status: number, message: string) => {
        if (settled) return;
        settled = true;
        this.record(board, grant, EventResult.FAILURE, `Could not open a terminal on "${grant.instance}": ${message}`);
        reject(new UpgradeRefusal(status, message));
      };
      node.once('open', () => {
        settled = true;
        node.removeAllListeners('error');
        resolve(node);
      });
      node.once('error', (error) => refused(502, `Node "${board.name}" at ${board.url} could not be reached: ${error.message}`));
      node.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < MAX_REFUSAL_BYTES) body += chunk;
        });
        response.on('error', () => undefined);
        response.on('end', () => refused(...nodeRefusal(board, response.statusCode ?? 502, body)));
      });
    });
  }

  private pipe(session: Session, board: Board, grant: TerminalGrant): void {
    const { client, node } = session;
    this.sessions.add(session);
    this.record(board, grant, EventResult.SUCCESS, `Opened a terminal on "${grant.instance}" on "${board.name}"`);
    forward(client, node);
    forward(node, client);
    let closed = false;
    const closeBoth = (to: WebSocket, code: number, reason: Buffer) => {
      if (closed) return;
      closed = true;
      this.sessions.delete(session);
      if (to.readyState === WebSocket.OPEN || to.readyState === WebSocket.CONNECTING) to.close(sendableCode(code), reason.subarray(0, 123));
      // A side that does not finish the closing handshake is cut after a while.
      setTimeout(() => to.terminate(), 5000).unref();
    };
    client.on('close', (code, reason) => closeBoth(node, code, reason));
    node.on('close', (code, reason) => closeBoth(client, code, reason));
    client.on('error', () => client.terminate());
    node.on('error', () => node.terminate());
  }

  private record(board: Board, grant: TerminalGrant, result: EventResult, message: string): void {
    this.eventLog.record({
      action: EventAction.INSTANCE_TERMINAL_OPENED,
      result,
      nodeId: board.id,
      nodeName: board.name,
      instance: grant.instance,
      message,
      actor: grant.actor,
      owner: this.ownership.entryOwner(board.id, grant.instance),
    });
  }
}

/** Frames from one side to the other as they are; a slow receiver pauses the sender. */
function forward(from: WebSocket, to: WebSocket): void {
  from.on('message', (data: RawData, isBinary: boolean) => {
    if (to.readyState !== WebSocket.OPEN) return;
    to.send(data, { binary: isBinary }, () => {
      if (from.isPaused && to.bufferedAmount < HIGH_WATER_BYTES / 2) from.resume();
    });
    if (to.bufferedAmount > HIGH_WATER_BYTES) from.pause();
  });
}

/** 1005 (no code) and 1006 (cut) may not be sent: they become a normal close and "going away". */
function sendableCode(code: number): number {
  if (code === 1005) return 1000;
  if (code === 1006) return 1001;
  if ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)) return code;
  return 1011;
}

/** The node's refusal as the client's answer: its own 4xx and 503 with its words, a refused token a 502 saying what to do. */
function nodeRefusal(board: Board, status: number, body: string): [number, string] {
  let message = body.trim().slice(0, 300) || `HTTP ${status} with no message`;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message.slice(0, 2000);
  } catch {
    // Not the API's error shape: its text is the message.
  }
  if (status === 401 || status === 403) {
    return [502, `Node "${board.name}" refused the manager's token (${message}); unregister the node and register it again with its current token`];
  }
  if ((status >= 400 && status < 500) || status === 503) return [status, `Node "${board.name}": ${message}`];
  return [502, `Node "${board.name}" failed with ${status}: ${message}`];
}
