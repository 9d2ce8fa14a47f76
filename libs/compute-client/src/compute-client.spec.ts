import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComputeClient } from './compute-client.js';
import {
  ComputeNodeAnsweredError,
  ComputeNodeInvalidAnswerError,
  ComputeNodeUnreachableError,
} from './compute-client.errors.js';

interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on loopback whose answer each test sets; unexpected requests fail the test. */
class ScriptedNode {
  readonly seen: SeenRequest[] = [];
  private handler: Handler | undefined;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
        if (!this.handler) {
          response.statusCode = 599;
          response.end('unexpected request');
          throw new Error(`unexpected request ${request.method} ${request.url}`);
        }
        this.handler(request, response);
      });
    });
  }

  answer(handler: Handler): void {
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

function json(status: number, body: unknown): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
}

const TOKEN = 'node-token-0123456789';
const USAGE = {
  hostname: 'pi-1',
  sampledAt: '2025-01-01T00:00:00.000Z',
  cpuPercent: 12.5,
  memoryPercent: 40,
  memoryUsedBytes: 400,
  memoryTotalBytes: 1000,
  networkRxBytesPerSecond: 1,
  networkTxBytesPerSecond: 2,
  iops: 3,
  runningInstances: 1,
  totalInstances: 2,
  temperatureCelsius: null,
};

describe('ComputeClient', () => {
  let node: ScriptedNode;
  let client: ComputeClient;
  let baseUrl: string;

  beforeEach(async () => {
    node = new ScriptedNode();
    baseUrl = await node.listen();
    client = new ComputeClient({ baseUrl, token: TOKEN });
  });

  afterEach(() => node.close());

  it('sends the bearer token and returns the parsed answer', async () => {
    node.answer(json(200, USAGE));
    await expect(client.usage({ timeoutMs: 2000 })).resolves.toEqual(USAGE);
    expect(node.seen).toEqual([{ method: 'GET', url: '/usage', authorization: `Bearer ${TOKEN}`, body: '' }]);
  });

  it('calls /health without the token', async () => {
    node.answer(json(200, { status: 'ok', hostname: 'pi-1', uptimeSeconds: 3, lxc: { available: true, version: '5.0', reason: null } }));
    await expect(client.health({ timeoutMs: 2000 })).resolves.toMatchObject({ status: 'ok' });
    expect(node.seen[0]).toMatchObject({ url: '/health', authorization: undefined });
  });

  it('sends bodies, path parameters and query flags where the compute API expects them', async () => {
    node.answer(json(200, { id: 'web1', name: 'web1', state: 'RUNNING', ipv4: [] }));
    await client.actOnInstance('web1', { action: 'stop', timeoutSeconds: 5 }, { timeoutMs: 2000 });
    node.answer((_request, response) => response.writeHead(204).end());
    await expect(client.deleteInstance('web1', { force: true }, { timeoutMs: 2000 })).resolves.toBeUndefined();
    expect(node.seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/instances/web1', body: '{"action":"stop","timeoutSeconds":5}' },
      { method: 'DELETE', url: '/instances/web1?force=true', body: '' },
    ]);
  });

  it('asks the node to identify itself with the token and the duration given', async () => {
    node.answer(json(202, { rows: [255, 255, 255, 255, 255, 255, 255, 255], identifying: true }));
    await expect(client.identifyLed({ seconds: 3 }, { timeoutMs: 2000 })).resolves.toMatchObject({ identifying: true });
    expect(node.seen).toEqual([
      { method: 'POST', url: '/led/identify', authorization: `Bearer ${TOKEN}`, body: '{"seconds":3}' },
    ]);
  });

  it("keeps the status and the node's own message of an error answer", async () => {
    node.answer(json(409, { statusCode: 409, error: 'Conflict', message: 'An instance named "twin" already exists' }));
    const error = await client.createInstance({ name: 'twin' }, { timeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeAnsweredError);
    expect(error).toMatchObject({ status: 409, nodeMessage: 'An instance named "twin" already exists', details: undefined });
  });

  it('keeps validation details and falls back to the raw text of a non-JSON error', async () => {
    node.answer(json(400, { statusCode: 400, error: 'Bad Request', message: 'a; b', details: ['a', 'b'] }));
    await expect(client.getInstance('x', { timeoutMs: 2000 })).rejects.toMatchObject({ status: 400, details: ['a', 'b'] });

    node.answer((_request, response) => response.writeHead(502, { 'content-type': 'text/plain' }).end('proxy broke\n'));
    await expect(client.listInstances({ timeoutMs: 2000 })).rejects.toMatchObject({ status: 502, nodeMessage: 'proxy broke' });
  });

  it('reports a 2xx answer that is not JSON as an invalid answer', async () => {
    node.answer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>router</html>'));
    await expect(client.usage({ timeoutMs: 2000 })).rejects.toBeInstanceOf(ComputeNodeInvalidAnswerError);
  });

  it('reports a node that never answers as unreachable by timeout, within the time given', async () => {
    node.answer(() => undefined);
    const error = await client.usage({ timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(error).toMatchObject({ timedOut: true, reason: 'no answer within 150 ms' });
  });

  it('reports a refused connection as unreachable with the reason', async () => {
    await node.close();
    const error = await client.usage({ timeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect((error as ComputeNodeUnreachableError).timedOut).toBe(false);
    expect((error as ComputeNodeUnreachableError).reason).toMatch(/^connection refused \(.*ECONNREFUSED.*\)$/);
    node = new ScriptedNode();
  });

  it('reports an unknown host name as unreachable', async () => {
    const nowhere = new ComputeClient({ baseUrl: 'http://no-such-host.invalid:7001', token: TOKEN });
    const error = await nowhere.usage({ timeoutMs: 5000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect((error as ComputeNodeUnreachableError).reason).toMatch(/host name (not found|lookup failed)/);
  });

  it('refuses to follow a redirect, which would carry the token elsewhere', async () => {
    node.answer((_request, response) => response.writeHead(302, { location: 'http://example.invalid/' }).end());
    const error = await client.usage({ timeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(node.seen).toHaveLength(1);
  });
});

describe('ComputeClient over node:http', () => {
  it('times out an answer that stops halfway, as a timeout', async () => {
    const node = new ScriptedNode();
    const baseUrl = await node.listen();
    node.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"hostname":');
    });
    try {
      const error = await new ComputeClient({ baseUrl, token: TOKEN }).usage({ timeoutMs: 200 }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ timedOut: true, reason: 'no answer within 200 ms' });
    } finally {
      await node.close();
    }
  });

  it('reuses its connection from one call to the next', async () => {
    const node = new ScriptedNode();
    const baseUrl = await node.listen();
    const ports = new Set<number>();
    node.answer((request, response) => {
      ports.add(request.socket.remotePort!);
      json(200, USAGE)(request, response);
    });
    try {
      const client = new ComputeClient({ baseUrl, token: TOKEN });
      for (let call = 0; call < 3; call++) await client.usage({ timeoutMs: 2000 });
      expect(ports.size).toBe(1);
    } finally {
      await node.close();
    }
  });
});
