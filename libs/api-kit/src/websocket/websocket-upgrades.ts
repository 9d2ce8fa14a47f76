import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Global, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ErrorDto } from '@tinystack/contracts';

/** Thrown by an upgrade handler: the client gets this status and message as a plain HTTP answer. */
export class UpgradeRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Takes the upgrade over (usually with a `ws` server's handleUpgrade) or
 * throws UpgradeRefusal. `match` is the route pattern's match of the path.
 */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer, match: RegExpExecArray) => void | Promise<void>;

const STATUS_WORDS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with an error in the API's usual shape, then closes the socket. */
export function refuseUpgrade(socket: Duplex, statusCode: number, message: string): void {
  const body: ErrorDto = { statusCode, error: STATUS_WORDS[statusCode] ?? 'Error', message };
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${statusCode} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/**
 * The one listener of the HTTP server's `upgrade` event: features register the
 * paths they accept a WebSocket on (a terminal, MQTT over WebSocket) and every
 * other upgrade is answered 404, so no socket is left hanging and no feature
 * has to know about the others.
 */
@Injectable()
export class WebSocketUpgrades implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebSocket');
  private readonly routes: Array<{ pattern: RegExp; handler: UpgradeHandler }> = [];
  private httpServer?: Server;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.dispatch(request, socket, head);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Accepts WebSockets on paths matching `pattern` (matched against the path without the query). */
  route(pattern: RegExp, handler: UpgradeHandler): void {
    this.routes.push({ pattern, handler });
  }

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.httpServer?.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.httpServer?.off('upgrade', this.onUpgrade);
  }

  /** Exposed for tests that drive an upgrade without a server. */
  async dispatch(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://server').pathname;
    for (const { pattern, handler } of this.routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      try {
        await handler(request, socket, head, match);
      } catch (error) {
        if (error instanceof UpgradeRefusal) {
          refuseUpgrade(socket, error.statusCode, error.message);
        } else {
          this.logger.error(`A WebSocket upgrade failed: ${(error as Error).message}`);
          refuseUpgrade(socket, 500, 'The WebSocket could not be opened; the server log says why');
        }
      }
      return;
    }
    refuseUpgrade(socket, 404, `No WebSocket is served at ${path}`);
  }
}

/** Global, so that any feature module can inject WebSocketUpgrades. */
@Global()
@Module({ providers: [WebSocketUpgrades], exports: [WebSocketUpgrades] })
export class WebSocketUpgradesModule {}
