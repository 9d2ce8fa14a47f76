import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NO_INSTANCE_LIMITS } from '@tinystack/contracts';
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
const DETAILS = {
  id: 'web1',
  name: 'web1',
  state: 'RUNNING',
  ipv4: [],
  limits: NO_INSTANCE_LIMITS,
  autostart: false,
  pid: 42,
  cpuTimeNs: 1000,
  memoryBytes: 2048,
  blkioBytes: 0,
  networkRxBytes: null,
  networkTxBytes: null,
};
const LED = {
  rows: [255, 255, 255, 255, 255, 255, 255, 255],
  legend: [{ row: 0, label: 'Containers', meaning: 'One LED per running container' }],
  brightness: 8,
  blink: 'off',
  identifying: true,
  mounting: { layout: 'adafruit-backpack', rotation: 0, mirror: false },
  device: { enabled: false, bus: 1, address: '0x70', connected: false, lastError: null, lastErrorAt: null },
  updatedAt: '2025-01-01T00:00:00.000Z',
};
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

  it("calls /health without the token, and reads the node's identity, limits and readiness", async () => {
    const limits = { commandTimeoutMs: 30_000, createTimeoutMs: 300_000, stopTimeoutSeconds: 10 };
    const nodeId = '8b0c1f52-3f7e-4f6b-9d0a-3c2e51f7a9d4';
    const checks = [
      { name: 'lxc', ok: true, detail: 'LXC 5.0.2 works', fix: null },
      { name: 'memory-cgroup', ok: false, detail: 'the memory controller is off', fix: 'add cgroup_enable=memory to /boot/firmware/cmdline.txt, then reboot' },
    ];
    node.answer(
      json(200, { status: 'ok', hostname: 'pi-1', uptimeSeconds: 3, lxc: { available: true, version: '5.0', reason: null }, nodeId, version: '0.2.0', limits, ready: false, checks, architecture: 'arm64', templates: ['busybox', 'debian'] }),
    );
    await expect(client.health({ timeoutMs: 2000 })).resolves.toEqual({
      hostname: 'pi-1',
      lxcAvailable: true,
      nodeId,
      version: '0.2.0',
      limits,
      ready: false,
      checks,
      architecture: 'arm64',
      templates: ['busybox', 'debian'],
    });
    expect(node.seen[0]).toMatchObject({ url: '/health', authorization: undefined });
  });

  it('takes what an older node does not report in /health as unknown', async () => {
    node.answer(json(200, { status: 'ok', hostname: 'pi-1', uptimeSeconds: 3, lxc: { available: false, version: null, reason: 'no lxc' } }));
    await expect(client.health({ timeoutMs: 2000 })).resolves.toEqual({
      hostname: 'pi-1',
      lxcAvailable: false,
      nodeId: null,
      version: null,
      limits: null,
      ready: null,
      checks: null,
      architecture: null,
      templates: null,
    });
  });

  it('refuses a /health whose readiness checks break the contract', async () => {
    node.answer(json(200, { status: 'ok', hostname: 'pi-1', uptimeSeconds: 3, lxc: { available: true, version: '5.0', reason: null }, ready: 'yes', checks: [{ name: 'moon', ok: true, detail: 'x', fix: null }] }));
    await expect(client.health({ timeoutMs: 2000 })).rejects.toThrow(/ready must be true or false.*|name must be one of/);
  });

  it('sends bodies, path parameters and query flags where the compute API expects them', async () => {
    node.answer(json(200, DETAILS));
    await client.actOnInstance('web1', { action: 'stop', timeoutSeconds: 5 }, { timeoutMs: 2000 });
    node.answer((_request, response) => response.writeHead(204).end());
    await expect(client.deleteInstance('web1', { force: true }, { timeoutMs: 2000 })).resolves.toBeUndefined();
    expect(node.seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/instances/web1', body: '{"action":"stop","timeoutSeconds":5}' },
      { method: 'DELETE', url: '/instances/web1?force=true', body: '' },
    ]);
  });

  it('asks the node to identify itself with the token and the duration given', async () => {
    node.answer(json(202, LED));
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

  it.each([
    [{ ...USAGE, cpuPercent: '99' }, 'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")'],
    [{ ...USAGE, cpuPercent: -1000 }, 'GET /usage: cpuPercent must be a number from 0 to 100 (got -1000)'],
    [{ ...USAGE, totalInstances: -2 }, 'GET /usage: totalInstances must be a whole number, 0 or more (got -2)'],
    [[USAGE], 'GET /usage: the answer must be an object (got a list)'],
  ])('refuses usage that breaks the compute contract, naming the call and the field (%#)', async (answer, message) => {
    node.answer(json(200, answer));
    const error = await client.usage({ timeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeInvalidAnswerError);
    expect((error as Error).message).toBe(message);
  });

  it('refuses an instance list that is not a list of instances', async () => {
    node.answer(json(200, { web1: { id: 'web1' } }));
    await expect(client.listInstances({ timeoutMs: 2000 })).rejects.toThrow('GET /instances: the answer must be a list (got an object)');
    node.answer(json(200, { ...DETAILS, memoryBytes: 'lots' }));
    await expect(client.getInstance('web1', { timeoutMs: 2000 })).rejects.toThrow(
      'GET /instances/web1: memoryBytes must be a whole number, 0 or more, or null (got "lots")',
    );
  });

  it('asks for the settled state of an instance with settled=true', async () => {
    node.answer(json(200, DETAILS));
    await expect(client.getSettledInstance('web1', { timeoutMs: 2000 })).resolves.toEqual(DETAILS);
    expect(node.seen).toEqual([{ method: 'GET', url: '/instances/web1?settled=true', authorization: `Bearer ${TOKEN}`, body: '' }]);
  });

  it('reports a node that never answers as unreachable by timeout, within the time given', async () => {
    node.answer(() => undefined);
    const error = await client.usage({ timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(error).toMatchObject({ timedOut: true, reason: 'no answer within 150 ms' });
  });

  it('reports a refused connection as unreachable with the reason, and as never delivered', async () => {
    await node.close();
    const error = await client.usage({ timeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(error).toMatchObject({ timedOut: false, delivered: false });
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

describe('ComputeClient lanes, deadlines and the answer size limit', () => {
  let node: ScriptedNode;
  let baseUrl: string;
  const held: ServerResponse[] = [];

  beforeEach(async () => {
    node = new ScriptedNode();
    baseUrl = await node.listen();
  });

  afterEach(async () => {
    held.length = 0;
    await node.close();
  });

  /** Actions are held open (a slow lxc-start); reads are answered at once. */
  const slowActions: Handler = (request, response) => {
    if (request.method === 'POST') held.push(response);
    else json(200, USAGE)(request, response);
  };

  it('answers polls at once while every connection of the action lane waits on slow actions', async () => {
    node.answer(slowActions);
    const client = new ComputeClient({ baseUrl, token: TOKEN, actionConcurrency: 2 });
    const actions = [1, 2, 3].map(() => client.actOnInstance('web1', { action: 'start' }, { timeoutMs: 5000 }).catch((error: unknown) => error));
    await waitUntil(() => held.length === 2);
    // Were polls sharing the actions' connections, they would wait until the test lets the actions go.
    for (let poll = 0; poll < 5; poll++) await expect(client.usage({ timeoutMs: 1000 })).resolves.toEqual(USAGE);
    for (const response of held.splice(0)) json(200, DETAILS)(undefined as never, response);
    await waitUntil(() => held.length === 1);
    json(200, DETAILS)(undefined as never, held[0]!);
    expect(await Promise.all(actions)).toEqual([DETAILS, DETAILS, DETAILS]);
    client.close();
  });

  it('counts the wait for a connection against the timeout, and knows such a request never reached the node', async () => {
    node.answer(slowActions);
    const client = new ComputeClient({ baseUrl, token: TOKEN, actionConcurrency: 1 });
    const first = client.actOnInstance('web1', { action: 'start' }, { timeoutMs: 5000 }).catch((error: unknown) => error);
    await waitUntil(() => held.length === 1);
    // Without a deadline of its own, this call would wait for the first to end, which only the test decides.
    const second = await client.actOnInstance('web2', { action: 'start' }, { timeoutMs: 200 }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(second).toMatchObject({ timedOut: true, delivered: false, reason: 'no answer within 200 ms' });
    json(200, DETAILS)(undefined as never, held[0]!);
    expect(await first).toEqual(DETAILS);
    // The second request was dropped while it waited: the node never saw it.
    expect(node.seen.map(({ url }) => url)).toEqual(['/instances/web1']);
    client.close();
  });

  it('knows a request cut off after it was sent may have reached the node', async () => {
    node.answer((request) => request.socket.destroy());
    const client = new ComputeClient({ baseUrl, token: TOKEN });
    const error = await client.createInstance({ name: 'web1' }, { timeoutMs: 2000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeUnreachableError);
    expect(error).toMatchObject({ timedOut: false, delivered: true });
    client.close();
  });

  it('refuses an answer larger than the limit while it streams, and drops the connection', async () => {
    let written = 0;
    let dropped = false;
    node.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 50 * 1024 * 1024 && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => (dropped = true));
      pump();
    });
    const client = new ComputeClient({ baseUrl, token: TOKEN, maxAnswerBytes: 256 * 1024 });
    const error = await client.usage({ timeoutMs: 5000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeNodeInvalidAnswerError);
    expect((error as Error).message).toBe('GET /usage: the answer is larger than 256 KB');
    await waitUntil(() => dropped);
    expect(written).toBeLessThan(10 * 1024 * 1024);
    client.close();
  });

  it('refuses at once an answer that announces a length over the limit', async () => {
    node.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) });
      response.write('{');
    });
    const client = new ComputeClient({ baseUrl, token: TOKEN });
    await expect(client.usage({ timeoutMs: 5000 })).rejects.toThrow('GET /usage: the answer is larger than 1 MB');
    client.close();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
