import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';
import { API_TOKEN, LogThrottle, tokensMatch } from '@tinystack/api-kit';
import { INSTANCE_NAME_PATTERN, TERMINAL_SIZE_RANGE, isApiToken, type ErrorDto } from '@tinystack/contracts';
import { LxcError, describeLxcFailure } from '@tinystack/lxc-driver';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { assertRunning } from '../exec/exec.service.js';
import { TerminalSessions } from './terminal-sessions.service.js';

const CONSOLE_PATH = /^\/instances\/([^/]+)\/console$/;
/** A paste larger than this is refused by ws (the session then closes). */
const MAX_FRAME_BYTES = 256 * 1024;

const STATUS_WORDS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

class Refusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * GET /instances/:id/console upgraded to a WebSocket, on the node's own HTTP
 * server. Everything is checked before the upgrade, so a refused request gets
 * a plain HTTP answer with the usual error body: 401 without the node's token,
 * 400 for a bad name or size, 404 for an unknown instance, 409 when it is not
 * running, 503 when the node has its TERMINAL_MAX_SESSIONS open.
 */
@Injectable()
export class TerminalGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  private readonly refusals = new LogThrottle({ windowMs: 60_000, maxKeys: 100 });
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  private httpServer?: Server;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly inventory: InstanceInventory,
    private readonly sessions: TerminalSessions,
    @Inject(API_TOKEN) private readonly expectedToken: string,
  ) {}

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.httpServer?.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.httpServer?.off('upgrade', this.onUpgrade);
    this.server.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://node');
    const match = CONSOLE_PATH.exec(url.pathname);
    try {
      if (!match) throw new Refusal(404, 'Only /instances/:id/console accepts a WebSocket');
      this.authenticate(request);
      const instance = decodeURIComponent(match[1]!);
      if (!INSTANCE_NAME_PATTERN.test(instance)) {
        throw new Refusal(400, 'id must be an instance name: 1-63 letters, digits or hyphens, starting with a letter');
      }
      const size = {
        cols: sizeParameter(url, 'cols', TERMINAL_SIZE_RANGE.cols),
        rows: sizeParameter(url, 'rows', TERMINAL_SIZE_RANGE.rows),
      };
      try {
        assertRunning(this.inventory, instance);
      } catch (error) {
        if (error instanceof LxcError) throw new Refusal(statusOf(error), describeLxcFailure(error));
        throw error;
      }
      const full = this.sessions.refusal();
      if (full !== null) throw new Refusal(503, full);
      this.server.handleUpgrade(request, socket, head, (webSocket) => this.sessions.open(webSocket, instance, size));
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(503, (error as Error).message);
      refuse(socket, refusal);
    }
  }

  /** The same rules as the HTTP routes' guard; a refusal is logged without the token. */
  private authenticate(request: IncomingMessage): void {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    let problem: string | null = null;
    if (presented === undefined) problem = 'no token';
    else if (!isApiToken(presented) || !tokensMatch(presented, this.expectedToken)) problem = 'wrong token';
    if (problem === null) return;
    const client = (request.socket.remoteAddress ?? 'an unknown address').replace(/^::ffff:/, '');
    if (this.refusals.admit(client) !== null) this.logger.warn(`Refused a terminal from ${client}: ${problem}`, { client, reason: problem });
    throw new Refusal(401, problem === 'no token' ? 'This API needs a token: send the header "Authorization: Bearer <token>"' : 'The token was not accepted');
  }
}

function sizeParameter(url: URL, name: 'cols' | 'rows', range: { min: number; max: number; default: number }): number {
  const text = url.searchParams.get(name);
  if (text === null) return range.default;
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new Refusal(400, `${name} must be a whole number from ${range.min} to ${range.max}`);
  }
  return value;
}

function statusOf(error: LxcError): number {
  switch (error.name) {
    case 'ContainerNotFoundError':
      return 404;
    case 'LxcUnavailableError':
      return 503;
    default:
      return 409;
  }
}

function refuse(socket: Duplex, refusal: Refusal): void {
  const body: ErrorDto = { statusCode: refusal.statusCode, error: STATUS_WORDS[refusal.statusCode] ?? 'Error', message: refusal.message };
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${refusal.statusCode} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
