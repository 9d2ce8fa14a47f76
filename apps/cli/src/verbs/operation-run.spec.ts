import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '@tinystack/manager-client';
import { aNode, anInstance, anInstanceDetails, anOperation, jsonAnswer, ScriptedManager } from '@tinystack/manager-client/test-support';
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
