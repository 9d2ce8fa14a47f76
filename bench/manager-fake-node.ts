import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const INSTANCES = [
  { id: 'web1', name: 'web1', state: 'RUNNING', ipv4: ['10.0.3.11'] },
  { id: 'db1', name: 'db1', state: 'STOPPED', ipv4: [] },
];

/**
 * A stand-in compute node for the bench: answers GET /health, /usage and
 * /instances with the real API's shapes, in microseconds, so that what the
 * bench measures is the manager. `silence()` makes it accept connections and
 * never answer, like a hung board.
 */
export class FakeComputeNode {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private silent = false;
  private port = 0;

  constructor(
    private readonly name: string,
    private readonly token: string,
  ) {
    this.server = createServer((request, response) => this.answer(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  silence(): void {
    this.silent = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    if (this.silent) return; // the request stays open until the manager gives up
    const path = request.url ?? '';
    if (path === '/health') {
      return json(response, 200, {
        status: 'ok',
        hostname: this.name,
        uptimeSeconds: Math.round(process.uptime()),
        lxc: { available: true, version: '5.0.2', reason: null },
      });
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return json(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'The token was not accepted' });
    }
    if (path === '/usage') {
      return json(response, 200, {
        hostname: this.name,
        sampledAt: new Date().toISOString(),
        cpuPercent: 5 + Math.random() * 10,
        memoryPercent: 40 + Math.random() * 5,
        memoryUsedBytes: 412_000_000,
        memoryTotalBytes: 998_000_000,
        networkRxBytesPerSecond: 2048,
        networkTxBytesPerSecond: 1024,
        iops: 3.5,
        runningInstances: 1,
        totalInstances: 2,
        temperatureCelsius: 48.2,
      });
    }
    if (path === '/instances') return json(response, 200, INSTANCES);
    return json(response, 404, { statusCode: 404, error: 'Not Found', message: `Cannot ${request.method} ${path}` });
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
