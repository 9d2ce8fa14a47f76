import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

export type ScriptedHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real HTTP server on loopback that answers as each test says: for what a
 * real manager will not do on demand (a wrong shape, silence, a redirect).
 * An unexpected request is answered 599 and recorded.
 */
export class ScriptedManager {
  readonly seen: SeenRequest[] = [];
  private handler: ScriptedHandler | undefined;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
        if (!this.handler) {
          response.writeHead(599).end('unexpected request');
          return;
        }
        this.handler(request, response);
      });
    });
  }

  answer(handler: ScriptedHandler): void {
    this.handler = handler;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers with a JSON body and status. */
export function jsonAnswer(status: number, body: unknown): ScriptedHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}
