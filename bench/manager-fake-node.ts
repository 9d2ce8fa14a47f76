import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface FakeInstance {
  name: string;
  state: 'RUNNING' | 'STOPPED';
}

/** What the fake answers to GET /usage (and the instance list) besides the real API's shapes. */
export type FakeAnswer =
  | { kind: 'real' }
  /** This body as JSON, whatever it is: how a broken node answers. */
  | { kind: 'json'; body: unknown }
  /** A JSON-looking body of this many bytes, streamed in chunks (no Content-Length). */
  | { kind: 'huge'; bytes: number };

/**
 * A stand-in compute node for the benches and the manager's process tests:
 * a node:http server answering /health (with a node id, version and limits),
 * /usage, /instances and the instance changes with the real API's shapes, in
 * microseconds, so that what is measured is the manager. It can be told to
 * misbehave: answer garbage or huge bodies (`answerUsage`, `answerInstances`),
 * take its time over changes (`actionDelayMs`), or accept connections and
 * never answer, like a hung board (`silence`).
 */
export class FakeComputeNode {
  readonly nodeId = randomUUID();
  /** Creates, starts, stops, renames and deletes, as they arrived. */
  readonly changes: string[] = [];
  actionDelayMs = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly instances = new Map<string, FakeInstance>([
    ['web1', { name: 'web1', state: 'RUNNING' }],
    ['db1', { name: 'db1', state: 'STOPPED' }],
  ]);
  private usageAnswer: FakeAnswer = { kind: 'real' };
  private instancesAnswer: FakeAnswer = { kind: 'real' };
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

  answerUsage(answer: FakeAnswer): void {
    this.usageAnswer = answer;
  }

  answerInstances(answer: FakeAnswer): void {
    this.instancesAnswer = answer;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    if (this.silent) return; // the request stays open until the manager gives up
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (path === '/health') {
      return json(response, 200, {
        status: 'ok',
        hostname: this.name,
        uptimeSeconds: Math.round(process.uptime()),
        lxc: { available: true, version: '5.0.2', reason: null },
        nodeId: this.nodeId,
        version: '0.1.0',
        limits: { commandTimeoutMs: 30_000, createTimeoutMs: 300_000, stopTimeoutSeconds: 10 },
      });
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return json(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'The token was not accepted' });
    }
    if (path === '/usage' && request.method === 'GET') return this.send(response, this.usageAnswer, () => this.usage());
    if (path === '/instances' && request.method === 'GET') {
      return this.send(response, this.instancesAnswer, () => [...this.instances.values()].map(summary));
    }
    if (path === '/instances' && request.method === 'POST') return this.change(request, response, (body) => this.create(body));
    const match = /^\/instances\/([A-Za-z][A-Za-z0-9-]*)$/.exec(path);
    if (match) {
      const name = match[1]!;
      if (request.method === 'GET') return this.found(response, name, () => details(this.instances.get(name)!));
      return this.change(request, response, (body) => this.alter(request.method ?? '', name, body));
    }
    return json(response, 404, { statusCode: 404, error: 'Not Found', message: `Cannot ${request.method} ${path}` });
  }

  private usage(): unknown {
    const running = [...this.instances.values()].filter((instance) => instance.state === 'RUNNING').length;
    return {
      hostname: this.name,
      sampledAt: new Date().toISOString(),
      cpuPercent: 5 + Math.random() * 10,
      memoryPercent: 40 + Math.random() * 5,
      memoryUsedBytes: 412_000_000,
      memoryTotalBytes: 998_000_000,
      networkRxBytesPerSecond: 2048,
      networkTxBytesPerSecond: 1024,
      iops: 3.5,
      runningInstances: running,
      totalInstances: this.instances.size,
      temperatureCelsius: 48.2,
    };
  }

  private send(response: ServerResponse, answer: FakeAnswer, real: () => unknown): void {
    if (answer.kind === 'real') return json(response, 200, real());
    if (answer.kind === 'json') return json(response, 200, answer.body);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    const chunk = Buffer.from(`[${'"garbage",'.repeat(6553)}"garbage"],`);
    let sent = 0;
    const pump = () => {
      while (sent < answer.bytes && !response.destroyed) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    response.on('error', () => undefined);
    pump();
  }

  /** Reads the body, waits actionDelayMs (a slow board), then answers what `apply` says. */
  private change(request: IncomingMessage, response: ServerResponse, apply: (body: any) => [number, unknown]): void {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const body = text ? JSON.parse(text) : {};
      setTimeout(() => {
        const [status, answer] = apply(body);
        if (status === 204) response.writeHead(204).end();
        else json(response, status, answer);
      }, this.actionDelayMs);
    });
  }

  private create(body: { name: string; start?: boolean }): [number, unknown] {
    this.changes.push(`create ${body.name}`);
    if (this.instances.has(body.name)) {
      return [409, { statusCode: 409, error: 'Conflict', message: `An instance named "${body.name}" already exists` }];
    }
    const instance: FakeInstance = { name: body.name, state: body.start ? 'RUNNING' : 'STOPPED' };
    this.instances.set(body.name, instance);
    return [201, details(instance)];
  }

  private alter(method: string, name: string, body: { action?: string; name?: string }): [number, unknown] {
    const instance = this.instances.get(name);
    if (!instance) return [404, { statusCode: 404, error: 'Not Found', message: `Instance "${name}" does not exist` }];
    if (method === 'DELETE') {
      this.changes.push(`delete ${name}`);
      this.instances.delete(name);
      return [204, null];
    }
    if (method === 'PUT' && body.name) {
      this.changes.push(`rename ${name} ${body.name}`);
      this.instances.delete(name);
      instance.name = body.name;
      this.instances.set(body.name, instance);
      return [200, details(instance)];
    }
    this.changes.push(`${body.action} ${name}`);
    instance.state = body.action === 'stop' ? 'STOPPED' : 'RUNNING';
    return [200, details(instance)];
  }

  private found(response: ServerResponse, name: string, answer: () => unknown): void {
    if (!this.instances.has(name)) return json(response, 404, { statusCode: 404, error: 'Not Found', message: `Instance "${name}" does not exist` });
    json(response, 200, answer());
  }
}

function summary(instance: FakeInstance): unknown {
  return {
    id: instance.name,
    name: instance.name,
    state: instance.state,
    ipv4: instance.state === 'RUNNING' ? ['10.0.3.11'] : [],
    // No limits, as a node reports an instance without any (since issue 14 every instance answer has them).
    limits: { memoryMiB: null, cpus: null, cpuPercent: null, processes: null, enforced: true, reason: null, appliesAtNextStart: false },
    autostart: false,
  };
}

function details(instance: FakeInstance): unknown {
  const running = instance.state === 'RUNNING';
  return {
    ...(summary(instance) as object),
    pid: running ? 4242 : null,
    cpuTimeNs: running ? 152_000_000 : null,
    memoryBytes: running ? 1_843_200 : null,
    blkioBytes: running ? 0 : null,
    networkRxBytes: running ? 1280 : null,
    networkTxBytes: running ? 640 : null,
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
