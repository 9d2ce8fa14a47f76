import { ManagerClient } from './manager-client.js';
import { ManagerAnsweredError, ManagerInvalidAnswerError, ManagerUnreachableError } from './manager-client.errors.js';
import { aLedStatus, aNode, anInstanceDetails, anOperation, jsonAnswer, ScriptedManager } from './test-support/index.js';

const TOKEN = 'manager-token-0123456789';
const CALL = { timeoutMs: 2000 };

describe('ManagerClient', () => {
  let manager: ScriptedManager;
  let client: ManagerClient;

  beforeEach(async () => {
    manager = new ScriptedManager();
    client = new ManagerClient({ baseUrl: `${await manager.listen()}/`, token: TOKEN });
  });

  afterEach(() => manager.close());

  it('sends the bearer token and returns the answer once it fits the document', async () => {
    manager.answer(jsonAnswer(200, [aNode()]));
    await expect(client.listNodes(CALL)).resolves.toEqual([aNode()]);
    expect(manager.seen).toEqual([{ method: 'GET', url: '/api/nodes', authorization: `Bearer ${TOKEN}`, body: '' }]);
  });

  it('calls /health without the token', async () => {
    manager.answer(jsonAnswer(200, { status: 'ok', problems: [], uptimeSeconds: 3, nodes: 1 }));
    await expect(client.health(CALL)).resolves.toEqual({ status: 'ok', problems: [], uptimeSeconds: 3, nodes: 1 });
    expect(manager.seen[0]).toMatchObject({ url: '/health', authorization: undefined });
  });

  it('puts path parameters, query flags and bodies where the manager expects them', async () => {
    const nodeId = aNode().id;
    manager.answer(jsonAnswer(202, anOperation({ action: 'stop' })));
    await client.actOnInstance(nodeId, 'web1', { action: 'stop', timeoutSeconds: 5 }, CALL);
    manager.answer(jsonAnswer(202, anOperation({ action: 'delete' })));
    await client.deleteInstance(nodeId, 'web1', { force: true }, CALL);
    manager.answer(jsonAnswer(202, anOperation({ action: 'rename' })));
    await client.renameInstance(nodeId, 'web1', { name: 'web2' }, CALL);
    manager.answer(jsonAnswer(200, [anOperation()]));
    await client.listOperations({ status: 'running', limit: 5 }, CALL);
    manager.answer(jsonAnswer(202, aLedStatus({ identifying: true })));
    await client.identify(nodeId, { seconds: 3 }, CALL);
    expect(manager.seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: `/api/nodes/${nodeId}/instances/web1`, body: '{"action":"stop","timeoutSeconds":5}' },
      { method: 'DELETE', url: `/api/nodes/${nodeId}/instances/web1?force=true`, body: '' },
      { method: 'PUT', url: `/api/nodes/${nodeId}/instances/web1`, body: '{"name":"web2"}' },
      { method: 'GET', url: '/api/operations?status=running&limit=5', body: '' },
      { method: 'POST', url: `/api/nodes/${nodeId}/led/identify`, body: '{"seconds":3}' },
    ]);
  });

  it('answers a change with the operation as the manager accepted it (202), and waits for its end only when asked', async () => {
    const running = anOperation();
    manager.answer(jsonAnswer(202, running));
    await expect(client.createInstance({ name: 'web1' }, CALL)).resolves.toEqual(running);
    expect(manager.seen.map(({ method, url }) => `${method} ${url}`)).toEqual(['POST /api/instances']);

    const finished = { ...running, status: 'succeeded', finishedAt: '2026-01-05T10:00:02.000Z', result: anInstanceDetails({ state: 'STOPPED' }) };
    manager.answer(jsonAnswer(200, finished));
    await expect(client.waitForOperation(running.id, { timeoutMs: 5000 })).resolves.toEqual(finished);
    expect(manager.seen[1]).toMatchObject({ method: 'GET', url: `/api/operations/${running.id}?wait=5` });
  });

  it('waits for an operation in turns of ?wait= until its time is up, and gives it as it is then: still running', async () => {
    // The manager answers each wait after a while with the operation still running, as a wait that runs out does.
    manager.answer((request, response) => void setTimeout(() => jsonAnswer(200, anOperation())(request, response), 300));
    const started = Date.now();
    const operation = await client.waitForOperation(anOperation().id, { timeoutMs: 2500 });
    expect(operation.status).toBe('running');
    // Within its time, give or take one answer of the manager.
    expect(Date.now() - started).toBeLessThan(2500 + 2000);
    const waits = manager.seen.map(({ url }) => Number(new URL(url, 'http://x').searchParams.get('wait')));
    expect(waits[0]).toBe(3);
    expect(waits.length).toBeGreaterThan(1);
    // Each turn asks for no more than the time left.
    expect(waits.every((wait, turn) => turn === 0 || wait <= waits[turn - 1]!)).toBe(true);
  });

  it("refuses an operation answer that is not the document's shape", async () => {
    manager.answer(jsonAnswer(202, { ...anOperation(), status: 'queued' }));
    const error = await client.actOnInstance(aNode().id, 'web1', { action: 'start' }, CALL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManagerInvalidAnswerError);
    expect((error as Error).message).toContain('status is "queued", not one of "running", "succeeded", "failed"');
  });

  it("keeps the status, the manager's message and its details of an error answer", async () => {
    manager.answer(jsonAnswer(400, { statusCode: 400, error: 'Bad Request', message: 'name is bad; template is bad', details: ['name is bad', 'template is bad'] }));
    const error = await client.createInstance({ name: '-x' }, CALL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManagerAnsweredError);
    expect(error).toMatchObject({ status: 400, message: 'name is bad; template is bad', details: ['name is bad', 'template is bad'] });
  });

  it('falls back to the raw text of an error answer that is not JSON', async () => {
    manager.answer((_request, response) => response.writeHead(502, { 'content-type': 'text/plain' }).end('proxy broke\n'));
    await expect(client.listInstances(CALL)).rejects.toMatchObject({ status: 502, message: 'proxy broke' });
  });

  it('refuses a success answer that is not JSON, or not of the documented shape, naming what is wrong', async () => {
    manager.answer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>'));
    await expect(client.listNodes(CALL)).rejects.toThrow(ManagerInvalidAnswerError);

    const { usage: _usage, ...withoutUsage } = aNode();
    manager.answer(jsonAnswer(200, [aNode(), { ...withoutUsage, state: 'ASLEEP' }]));
    const error = await client.listNodes(CALL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManagerInvalidAnswerError);
    expect((error as Error).message).toContain('[1].usage is missing');
    expect((error as Error).message).toContain('[1].state is "ASLEEP", not one of "PENDING", "ACTIVE", "UNREACHABLE"');
  });

  it('accepts fields a newer manager adds', async () => {
    manager.answer(jsonAnswer(200, { ...aNode(), rack: 'left' }));
    await expect(client.getNode(aNode().id, CALL)).resolves.toMatchObject({ rack: 'left' });
  });

  it('reports a manager that never answers as unreachable by timeout, within the time given', async () => {
    manager.answer(() => undefined);
    const error = await client.listNodes({ timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManagerUnreachableError);
    expect(error).toMatchObject({ timedOut: true, reason: 'no answer within 150 ms' });
    expect((error as Error).message).toBe(`the manager at ${client.baseUrl} cannot be reached: no answer within 150 ms`);
  });

  it('reports a refused connection as unreachable with the reason', async () => {
    await manager.close();
    const error = await client.listNodes(CALL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManagerUnreachableError);
    expect(error).toMatchObject({ timedOut: false });
    expect((error as ManagerUnreachableError).reason).toMatch(/^connection refused \(.*ECONNREFUSED.*\)$/);
  });

  it('does not follow a redirect, so the token never goes elsewhere', async () => {
    const elsewhere = new ScriptedManager();
    const elsewhereUrl = await elsewhere.listen();
    try {
      manager.answer((_request, response) => response.writeHead(302, { location: `${elsewhereUrl}/api/nodes` }).end());
      await expect(client.listNodes(CALL)).rejects.toThrow(ManagerUnreachableError);
      expect(elsewhere.seen).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  describe('event stream', () => {
    const usageEvent = { type: 'node-usage', at: '2026-01-05T10:00:02.000Z', node: aNode(), instanceFigures: [] };
    const removedEvent = { type: 'node-removed', at: '2026-01-05T10:00:03.000Z', nodeId: aNode().id };

    it('yields each event as it arrives, skipping comments and event types it does not know', async () => {
      manager.answer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const text = `: hello\n\ndata: ${JSON.stringify(usageEvent)}\n\ndata: {"type":"rack-moved","at":"x"}\n\ndata: ${JSON.stringify(removedEvent)}\n\n`;
        // Split in the middle of a message, as a network may.
        response.write(text.slice(0, 40));
        setTimeout(() => response.end(text.slice(40)), 50);
      });
      const stream = await client.openEventStream(CALL);
      const events = [];
      for await (const event of stream) events.push(event);
      expect(events).toEqual([usageEvent, removedEvent]);
      expect(manager.seen[0]).toMatchObject({ url: '/api/events', authorization: `Bearer ${TOKEN}` });
    });

    it('ends quietly on close()', async () => {
      manager.answer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${JSON.stringify(removedEvent)}\n\n`);
      });
      const stream = await client.openEventStream(CALL);
      const events = [];
      for await (const event of stream) {
        events.push(event);
        stream.close();
      }
      expect(events).toEqual([removedEvent]);
    });

    it('fails on an event of a known type with another shape', async () => {
      manager.answer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(`data: {"type":"node-removed","at":"2026-01-05T10:00:03.000Z"}\n\n`);
      });
      const stream = await client.openEventStream(CALL);
      await expect(
        (async () => {
          for await (const _event of stream) void _event;
        })(),
      ).rejects.toThrow(/a node-removed event .*nodeId is missing/);
    });

    it("keeps the manager's message when it refuses the stream, and times out when it never answers", async () => {
      manager.answer(jsonAnswer(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong token' }));
      await expect(client.openEventStream(CALL)).rejects.toMatchObject({ status: 401, message: 'Wrong token' });
      manager.answer(() => undefined);
      await expect(client.openEventStream({ timeoutMs: 150 })).rejects.toMatchObject({ timedOut: true });
    });
  });
});
