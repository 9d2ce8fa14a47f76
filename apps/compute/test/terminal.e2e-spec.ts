import WebSocket from 'ws';
import { createTemporaryLxcPath, describeWithLxc, openTerminalSocket, refusalOf, removeLxcPath, type TerminalSocket } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, TEST_TOKEN, type ComputeTestApp } from './compute-test-app.js';

/** The node's terminal of `path`, with the node's token. */
function openTerminal(node: ComputeTestApp, path: string): Promise<TerminalSocket> {
  return openTerminalSocket(`${node.baseUrl}${path}`, { authorization: `Bearer ${TEST_TOKEN}` });
}

describeWithLxc('terminal sessions in real LXC containers (GET /instances/:id/console, WebSocket)', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, TERMINAL_MAX_SESSIONS: 2 });
    expect((await node.call('POST', '/instances', { name: 'term1', start: true })).status).toBe(201);
    expect((await node.call('POST', '/instances', { name: 'term2' })).status).toBe(201);
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('runs a login shell on a real PTY: typed bytes in, output out, resize applies', async () => {
    const terminal = await openTerminal(node, '/instances/term1/console?cols=100&rows=30');
    await terminal.waitFor(/# /);
    terminal.socket.send(Buffer.from('echo hello-$((6*7))\n'), { binary: true });
    await terminal.waitFor(/hello-42/);
    terminal.socket.send(Buffer.from('stty size\n'), { binary: true });
    await terminal.waitFor(/30 100/);

    terminal.socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    terminal.socket.send(Buffer.from('stty size; tty\n'), { binary: true });
    await terminal.waitFor(/40 120/);
    await terminal.waitFor(/\/dev\/pts\/\d+/);

    terminal.socket.send(Buffer.from('exit 7\n'), { binary: true });
    const closed = await terminal.closed;
    expect(terminal.messages).toEqual([{ type: 'exit', code: 7, reason: 'the shell exited with status 7' }]);
    expect(closed).toEqual({ code: 1000, reason: 'the shell exited with status 7' });
  });

  it('closes with an error on a malformed control frame', async () => {
    const terminal = await openTerminal(node, '/instances/term1/console');
    terminal.socket.send(JSON.stringify({ type: 'resize', cols: 0, rows: 24 }));
    const closed = await terminal.closed;
    expect(terminal.messages).toEqual([{ type: 'error', message: expect.stringContaining('resize needs whole numbers cols 1-1000') }]);
    expect(closed.code).toBe(1002);
  });

  it('refuses before the upgrade: no token, unknown or stopped instance, bad name or size, another path, and one session over the limit', async () => {
    const url = `${node.baseUrl.replace(/^http/, 'ws')}/instances/term1/console`;
    const anonymous = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => undefined);
    });
    expect(anonymous).toBe(401);

    const unknown = await refusalOf(openTerminal(node, '/instances/ghost/console'));
    expect(unknown).toMatchObject({ status: 404, body: { message: 'Instance "ghost" does not exist' } });
    const stopped = await refusalOf(openTerminal(node, '/instances/term2/console'));
    expect(stopped).toMatchObject({ status: 409, body: { message: 'Instance "term2" is not running: start it first' } });
    const badName = await refusalOf(openTerminal(node, '/instances/%E0/console'));
    expect(badName).toMatchObject({ status: 400, body: { message: expect.stringContaining('id must be an instance name') } });
    // The node's one owner of upgrades answers every other path.
    const elsewhere = await refusalOf(openTerminal(node, '/instances/term1/shell'));
    expect(elsewhere).toMatchObject({ status: 404, body: { message: 'No WebSocket is served at /instances/term1/shell' } });
    const badSize = await refusalOf(openTerminal(node, '/instances/term1/console?cols=wide'));
    expect(badSize).toMatchObject({ status: 400, body: { message: 'cols must be a whole number from 1 to 1000' } });

    const first = await openTerminal(node, '/instances/term1/console');
    const second = await openTerminal(node, '/instances/term1/console');
    const third = await refusalOf(openTerminal(node, '/instances/term1/console'));
    expect(third.status).toBe(503);
    expect(third.body.message).toContain('already has 2 terminal sessions open');
    first.socket.close();
    second.socket.close();
    await Promise.all([first.closed, second.closed]);

    const plain = await node.call('GET', '/instances/term1/console');
    expect(plain.status).toBe(426);
  });

  it('closes the session with "the instance stopped" when the instance stops', async () => {
    const terminal = await openTerminal(node, '/instances/term1/console');
    await terminal.waitFor(/# /);
    terminal.socket.send(Buffer.from('echo ready\n'), { binary: true });
    await terminal.waitFor(/ready/);
    expect((await node.call('POST', '/instances/term1', { action: 'stop', force: true })).status).toBe(200);
    const closed = await terminal.closed;
    expect(terminal.messages).toEqual([expect.objectContaining({ type: 'exit', reason: 'the instance stopped' })]);
    expect(closed).toEqual({ code: 1000, reason: 'the instance stopped' });
  });
});
