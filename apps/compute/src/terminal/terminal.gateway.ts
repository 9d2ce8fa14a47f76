import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { WebSocketServer } from 'ws';
import { API_TOKEN, LogThrottle, tokensMatch, UpgradeRefusal, WebSocketUpgrades } from '@tinystack/api-kit';
import { INSTANCE_NAME_PATTERN, TERMINAL_SIZE_RANGE, isApiToken } from '@tinystack/contracts';
import { LxcError, describeLxcFailure } from '@tinystack/lxc-driver';
import { InstanceInventory } from '../instances/instance-inventory.service.js';
import { assertRunning } from '../exec/exec.service.js';
import { TerminalSessions } from './terminal-sessions.service.js';

const CONSOLE_PATH = /^\/instances\/([^/]+)\/console$/;
/** A paste larger than this is refused by ws (the session then closes). */
const MAX_FRAME_BYTES = 256 * 1024;

/**
 * GET /instances/:id/console upgraded to a WebSocket, routed by the node's one
 * owner of HTTP upgrades (WebSocketUpgrades, which answers 404 elsewhere).
 * Everything is checked before the upgrade, so a refused request gets a plain
 * HTTP answer with the usual error body: 401 without the node's token, 400 for
 * a bad name or size, 404 for an unknown instance, 409 when it is not running,
 * 503 when the node has its TERMINAL_MAX_SESSIONS open.
 */
@Injectable()
export class TerminalGateway implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  private readonly refusals = new LogThrottle({ windowMs: 60_000, maxKeys: 100 });
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  constructor(
    private readonly upgrades: WebSocketUpgrades,
    private readonly inventory: InstanceInventory,
    private readonly sessions: TerminalSessions,
    @Inject(API_TOKEN) private readonly expectedToken: string,
  ) {}

  onModuleInit(): void {
    this.upgrades.route(CONSOLE_PATH, (request, socket, head, match) => this.upgrade(request, socket, head, match[1]!));
  }

  onModuleDestroy(): void {
    this.server.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, encodedName: string): void {
    this.authenticate(request);
    const instance = decodedName(encodedName);
    if (instance === null || !INSTANCE_NAME_PATTERN.test(instance)) {
      throw new UpgradeRefusal(400, 'id must be an instance name: 1-63 letters, digits or hyphens, starting with a letter');
    }
    const url = new URL(request.url ?? '/', 'http://node');
    const size = {
      cols: sizeParameter(url, 'cols', TERMINAL_SIZE_RANGE.cols),
      rows: sizeParameter(url, 'rows', TERMINAL_SIZE_RANGE.rows),
    };
    try {
      assertRunning(this.inventory, instance);
    } catch (error) {
      if (error instanceof LxcError) throw new UpgradeRefusal(statusOf(error), describeLxcFailure(error));
      throw error;
    }
    const full = this.sessions.refusal();
    if (full !== null) throw new UpgradeRefusal(503, full);
    this.server.handleUpgrade(request, socket, head, (webSocket) => this.sessions.open(webSocket, instance, size));
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
    throw new UpgradeRefusal(401, problem === 'no token' ? 'This API needs a token: send the header "Authorization: Bearer <token>"' : 'The token was not accepted');
  }
}

/** null for a malformed escape (%E0), which no instance name has. */
function decodedName(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

function sizeParameter(url: URL, name: 'cols' | 'rows', range: { min: number; max: number; default: number }): number {
  const text = url.searchParams.get(name);
  if (text === null) return range.default;
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new UpgradeRefusal(400, `${name} must be a whole number from ${range.min} to ${range.max}`);
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
