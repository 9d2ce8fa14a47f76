import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '@tinystack/manager-client';
import { aNode, anInstance, anInstanceDetails, anOperation, aUser, jsonAnswer, ScriptedManager } from '@tinystack/manager-client/test-support';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../cli.js';
import { COMMANDS } from './verb-table.js';

const NOW = Date.parse('2026-01-05T10:00:05.000Z');
const STOP = anOperation({ action: 'stop' });
const STOPPED = { ...STOP, status: 'succeeded', finishedAt: '2026-01-05T10:00:02.000Z', result: anInstanceDetails({ state: 'STOPPED', ipv4: [], pid: null }) } as const;

/**
 * The change verbs and the operation verbs in this process, against a
 * scripted manager: what they print and how they exit for each way an
 * operation can end (the real manager and LXC: test/cli.e2e-spec.ts).
 */
describe('verbs whose change is an operation', () => {
  let manager: ScriptedManager;
  let url: string;
  /** How GET /api/operations/{id} answers, by the call: its wait and how many came before. */
  let operationAnswer: (wait: string | null, call: number) => unknown;

  async function tinystack(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      env: { HOME: '/nonexistent', TINYSTACK_URL: url, TINYSTACK_TOKEN: 'manager-token-0123456789' },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: { isTTY: false, readAll: async () => '', ask: async () => Promise.reject(new Error('no terminal in this test')) },
      now: () => NOW,
    };
    const code = await runCli(args, io, COMMANDS);
    return { code, stdout, stderr };
  }

  const requests = () => manager.seen.map(({ method, url: path }) => `${method} ${path}`);

  beforeEach(async () => {
    manager = new ScriptedManager();
    url = await manager.listen();
    let operationCalls = 0;
    operationAnswer = () => STOPPED;
    manager.answer((request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url!, 'http://manager');
      if (request.method === 'GET' && path.pathname === '/api/instances') return jsonAnswer(200, [anInstance()])(request, response);
      if (request.method === 'GET' && path.pathname === '/api/nodes') return jsonAnswer(200, [aNode()])(request, response);
      if (request.method === 'POST' && path.pathname.startsWith('/api/nodes/')) return jsonAnswer(202, STOP)(request, response);
      if (request.method === 'GET' && path.pathname === `/api/operations/${STOP.id}`) {
        return jsonAnswer(200, operationAnswer(path.searchParams.get('wait'), operationCalls++))(request, response);
      }
      if (request.method === 'GET' && path.pathname === '/api/operations') return jsonAnswer(200, [STOP, anOperation({ id: '9e8d7c6b-1111-4222-8333-444455556666' })])(request, response);
      response.writeHead(599).end();
    });
  });

  afterEach(() => manager.close());

  it('prints the operation, waits for its end with ?wait=, and prints the instance as it left it', async () => {
    const run = await tinystack('stop', 'web1');
    expect(run).toEqual({
      code: 0,
      stdout: `Stopping web1 on pi-1 (operation ${STOP.id})…\nweb1 on pi-1 is STOPPED.\n`,
      stderr: '',
    });
    expect(requests()).toEqual([
      'GET /api/instances',
      `POST /api/nodes/${aNode().id}/instances/web1`,
      `GET /api/operations/${STOP.id}?wait=60`,
    ]);
  });

  it('with --no-wait prints the id only and exits 0 at once; with --json as well, the operation as accepted', async () => {
    expect(await tinystack('stop', 'web1', '--no-wait')).toEqual({ code: 0, stdout: `${STOP.id}\n`, stderr: '' });
    expect(JSON.parse((await tinystack('stop', 'web1', '--no-wait', '--json')).stdout)).toEqual(STOP);
    expect(requests().filter((request) => request.includes('/api/operations'))).toEqual([]);
  });

  it('with --json prints the operation at its end', async () => {
    const run = await tinystack('stop', 'web1', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(STOPPED);
  });

  it("exits 1 with the node's words, and what the manager did to learn them, when the operation failed", async () => {
    const failed: Operation = {
      ...STOP,
      status: 'failed',
      finishedAt: '2026-01-05T10:00:02.000Z',
      error: { statusCode: 504, message: 'Node "pi-1": lxc-stop did not end within 30 s; the instance is RUNNING' },
      note: "the node's answer was lost (socket hang up); re-read: the instance is RUNNING",
    };
    operationAnswer = () => failed;
    const run = await tinystack('stop', 'web1');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`Stopping web1 on pi-1 (operation ${STOP.id})…\n`);
    expect(run.stderr).toBe(`tinystack: ${failed.error!.message} (${failed.note})\n`);

    const json = await tinystack('stop', 'web1', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(failed);
  });

  it('waits in turns until its time is up, then exits 1 saying how to follow the operation still running', async () => {
    operationAnswer = () => STOP;
    const run = await tinystack('--http-timeout', '1', 'stop', 'web1');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`tinystack: the stop of web1 on pi-1 is still running after 1 s; follow it: tinystack operation ${STOP.id} --wait\n`);
    const waits = requests().filter((request) => request.startsWith('GET /api/operations/'));
    expect(waits.length).toBeGreaterThan(0);
    for (const wait of waits) expect(wait).toBe(`GET /api/operations/${STOP.id}?wait=1`);
  });

  it('shows one operation by an unambiguous start of its id, and with --wait exits as the change verbs do', async () => {
    operationAnswer = (wait) => (wait === '0' ? STOP : STOPPED);
    const shown = await tinystack('operation', STOP.id.slice(0, 8));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Id +5d3c8a4e-2b1f-4c6d-8e9a-0f1b2c3d4e5f$/m);
    expect(shown.stdout).toMatch(/^Status +running$/m);
    expect(shown.stdout).toMatch(/^Running for +5 s$/m);

    const waited = await tinystack('operation', STOP.id, '--wait');
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/^Status +succeeded$/m);
    expect(waited.stdout).toMatch(/^Result +web1 on pi-1 is STOPPED\.$/m);

    expect(await tinystack('operation', 'ffff')).toMatchObject({ code: 1, stderr: expect.stringContaining('no operation has an id starting "ffff"') });
    expect(await tinystack('operation', 'x!')).toMatchObject({ code: 2 });
  });

  it("user delete follows each of the user's deletes as the change verbs do, and exits 1 naming the one that failed", async () => {
    const gone = anOperation({ id: '11111111-1111-4111-8111-111111111111', action: 'delete', instance: 'lab-1' });
    const refused = anOperation({ id: '22222222-2222-4222-8222-222222222222', action: 'delete', instance: 'lab-2' });
    const ended: Record<string, Operation> = {
      [gone.id]: { ...gone, status: 'succeeded', finishedAt: '2026-01-05T10:00:02.000Z' },
      [refused.id]: { ...refused, status: 'failed', finishedAt: '2026-01-05T10:00:02.000Z', error: { statusCode: 409, message: 'Node "pi-1": lxc-destroy failed' } },
    };
    manager.answer((request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url!, 'http://manager');
      if (request.method === 'GET' && path.pathname === '/api/users') return jsonAnswer(200, [aUser()])(request, response);
      if (request.method === 'DELETE' && path.pathname === `/api/users/${aUser().id}`) return jsonAnswer(200, { operations: [gone, refused], reassigned: [] })(request, response);
      const operation = ended[path.pathname.replace('/api/operations/', '')];
      if (request.method === 'GET' && operation) return jsonAnswer(200, operation)(request, response);
      response.writeHead(599).end();
    });
    const run = await tinystack('user', 'delete', 'alice', '--instances', 'delete');
    expect(run).toEqual({
      code: 1,
      stdout: 'Deleted the user alice.\nDeleted lab-1 from pi-1.\nCould not delete lab-2 from pi-1: Node "pi-1": lxc-destroy failed\n',
      stderr: 'tinystack: 1 of the 2 deletes failed (see above)\n',
    });
    expect(requests()).toContain(`GET /api/operations/${refused.id}?wait=60`);
    const json = await tinystack('user', 'delete', 'alice', '--instances', 'delete', '--json');
    expect(JSON.parse(json.stdout).operations).toEqual([ended[gone.id], ended[refused.id]]);
  });

  it('lists operations in a table of short ids, within 80 columns', async () => {
    const run = await tinystack('operations', '--status', 'running');
    expect(run.code).toBe(0);
    const [header, first] = run.stdout.split('\n');
    expect(header).toMatch(/^ID +STATUS +ACTION +INSTANCE +NODE +STARTED +TOOK$/);
    expect(first).toMatch(/^5d3c8a4e +running +stop +web1 +pi-1 +\d\d:\d\d:\d\d +5 s so far$/);
    expect(manager.seen.at(-1)!.url).toBe('/api/operations?limit=20&status=running');
    expect(await tinystack('operations', '--status', 'lost')).toMatchObject({ code: 2, stderr: expect.stringContaining('--status must be one of running, succeeded, failed') });
  });
});
