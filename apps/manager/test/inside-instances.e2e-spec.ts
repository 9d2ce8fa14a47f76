import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTemporaryLxcPath, describeWithLxc, openTerminalSocket, refusalOf, removeLxcPath, type TerminalSocket } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient } from './accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from './cluster.js';
import { change, type ManagerApi } from './operations.js';
import { builtApp, type SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

const MALLORY_PASSWORD = 'mallory-tries-hard-1';
/** Short, so that the expiry test waits only this long; the other tests open their tickets at once. */
const TICKET_SECONDS = 3;

/** Opens a ticket's URL on the manager: the terminal, or the refusal's status and body. */
function openTerminal(baseUrl: string, path: string): Promise<TerminalSocket> {
  return openTerminalSocket(`${baseUrl}${path}`);
}


/** The CLI from dist, against this manager with the admin token; its exit code and output. */
async function cli(baseUrl: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [builtApp('cli'), ...args],
      { env: { ...process.env, TINYSTACK_URL: baseUrl, TINYSTACK_TOKEN: MANAGER_TOKEN, HOME: '/nonexistent' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? '');
  });
}

describeWithLxc('inside an instance through the manager: exec, terminal, ports (real manager, real node, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let admin: ManagerApi;
  let mallory: CookieClient;
  let nodeId: string;
  const base = () => `/api/nodes/${nodeId}/instances/web1`;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await computeNodeProcess('alpha', lxcPath, scratch, { env: { TERMINAL_MAX_SESSIONS: '3', PROC_ROOT: '/', SYS_ROOT: '/' } });
    const directory = scratchDirectory('inside-manager');
    scratch.push(directory);
    manager = await managerProcess(directory, { env: { TERMINAL_TICKET_SECONDS: String(TICKET_SECONDS) } });
    await Promise.all([node.start(), manager.start()]);
    admin = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    const registered = await admin('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: 'alpha' });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    nodeId = registered.body.id;
    expect(await change(admin, 'POST', '/api/instances', { name: 'web1', nodeId, start: true })).toMatchObject({ status: 'succeeded' });
    const users = await admin('POST', '/api/users/batch', { usernames: ['mallory'] });
    expect(users.status, JSON.stringify(users.body)).toBe(201);
    mallory = new CookieClient(manager.baseUrl);
    const once = users.body[0].oneTimePassword as string;
    await mallory.signIn('mallory', once);
    expect((await mallory.call('PUT', '/api/me/password', { currentPassword: once, newPassword: MALLORY_PASSWORD })).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('runs a command through the manager: output, exit code, stdin, env, cwd; the event log has the command, not its output', async () => {
    const ran = await admin('POST', `${base()}/exec`, { command: ['sh', '-c', 'echo "out $GREETING $(pwd)"; cat; echo err >&2; exit 3'], env: { GREETING: 'hi' }, cwd: '/tmp', stdin: 'secret-input-7' });
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body).toMatchObject({ exitCode: 3, stdout: 'out hi /tmp\nsecret-input-7', stderr: 'err\n', truncated: false, timedOut: false });
    const bad = await admin('POST', `${base()}/exec`, { command: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('command must name a program');
    const log = await admin('GET', '/api/events/log?limit=20');
    const entry = log.body.events.find((candidate: { action: string }) => candidate.action === 'instance-command-run');
    expect(entry).toMatchObject({ result: 'success', actor: 'admin token', instance: 'web1' });
    expect(entry.message).toContain('["sh","-c"');
    expect(entry.message).toContain('GREETING set');
    expect(entry.message).toContain('exit 3');
    expect(JSON.stringify(log.body)).not.toContain('secret-input-7');
    expect(JSON.stringify(log.body)).not.toContain('out hi');
  });

  it('lists, adds and removes port forwards with the URL the classroom reaches them at', async () => {
    const host = new URL(node.baseUrl).hostname;
    const web = await admin('POST', `${base()}/ports`, { containerPort: 80, protocol: 'tcp' });
    expect(web.status, JSON.stringify(web.body)).toBe(201);
    expect(web.body).toMatchObject({ containerPort: 80, protocol: 'tcp', url: `http://${host}:${web.body.hostPort}` });
    const coap = await admin('POST', `${base()}/ports`, { containerPort: 5683, protocol: 'udp' });
    expect(coap.body.url).toBe(`udp://${host}:${coap.body.hostPort}`);
    const listed = await admin('GET', `${base()}/ports`);
    expect(listed.body).toEqual(expect.arrayContaining([web.body, coap.body]));
    expect((await admin('DELETE', `${base()}/ports/${coap.body.hostPort}?protocol=udp`)).status).toBe(204);
    expect((await admin('GET', `${base()}/ports`)).body).toEqual([web.body]);
    const log = await admin('GET', '/api/events/log?limit=20');
    const actions = log.body.events.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['instance-port-exposed', 'instance-port-unexposed']));
  });

  it('shows each instance with its CPU and memory figures', async () => {
    const listed = await waitFor('figures for web1', 10_000, async () => {
      const instances = (await admin('GET', '/api/instances')).body as Array<{ name: string; memoryBytes: number | null; cpuPercent: number | null }>;
      const web1 = instances.find((instance) => instance.name === 'web1');
      return web1 && web1.memoryBytes !== null && web1.cpuPercent !== null ? web1 : undefined; // CPU needs two samples
    });
    expect(listed.memoryBytes).toBeGreaterThan(0);
    expect(listed.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('opens a terminal with a single-use ticket: echo comes back, a resize shows in stty size; the ticket is never logged', async () => {
    const issued = await admin('POST', `${base()}/console`, { cols: 100, rows: 30 });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.url).toMatch(/^\/api\/console\/[A-Za-z0-9_-]{43}\?cols=100&rows=30$/);
    expect(new Date(issued.body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(TICKET_SECONDS * 1000);
    const terminal = await openTerminal(manager.baseUrl, issued.body.url);
    await terminal.waitFor(/\/ # /);
    terminal.socket.send(Buffer.from('stty size; echo "through the $((6*7)) manager"\r'), { binary: true });
    await terminal.waitFor(/30 100/);
    await terminal.waitFor(/through the 42 manager/);
    terminal.socket.send(JSON.stringify({ type: 'resize', cols: 77, rows: 22 }));
    terminal.socket.send(Buffer.from('stty size\r'), { binary: true });
    await terminal.waitFor(/22 77/);

    const again = await refusalOf(openTerminal(manager.baseUrl, issued.body.url));
    expect(again.status).toBe(401);
    expect(again.body.message).toContain('unknown, used or expired');

    terminal.socket.send(Buffer.from('exit\r'), { binary: true });
    expect((await terminal.closed).code).toBe(1000);
    const ticket = issued.body.url.split('/').pop()!.split('?')[0]!;
    expect(manager.log()).not.toContain(ticket);
    expect(node.log()).not.toContain(ticket);
    const log = await admin('GET', '/api/events/log?limit=50');
    expect(JSON.stringify(log.body)).not.toContain(ticket);
    expect(log.body.events.map((entry: { action: string }) => entry.action)).toContain('instance-terminal-opened');
  });

  it('refuses a ticket presented after it expired, as it does a used one', async () => {
    const issued = await admin('POST', `${base()}/console`, {});
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const expiresAt = new Date(issued.body.expiresAt).getTime();
    const left = expiresAt - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(TICKET_SECONDS * 1000);
    // Just past its expiry, on the clock the manager shares with this test.
    await sleep(left + 50);
    const late = await refusalOf(openTerminal(manager.baseUrl, issued.body.url));
    expect(late.status).toBe(401);
    expect(late.body.message).toContain(`unknown, used or expired (a ticket opens one terminal, within ${TICKET_SECONDS} seconds)`);
    // A fresh ticket for the same instance still opens.
    const fresh = await admin('POST', `${base()}/console`, {});
    const terminal = await openTerminal(manager.baseUrl, fresh.body.url);
    await terminal.waitFor(/\/ # /);
    terminal.socket.close();
    await terminal.closed;
  });

  it('refuses a made-up ticket', async () => {
    const refused = await refusalOf(openTerminal(manager.baseUrl, `/api/console/${'A'.repeat(43)}`));
    expect(refused.status).toBe(401);
  });

  it("gives a member the same 404 for another's instance as for a missing one: no exec, terminal or ports", async () => {
    const missing = `/api/nodes/${nodeId}/instances/nosuch`;
    const attempts: Array<[string, string, unknown]> = [
      ['POST', 'exec', { command: ['id'] }],
      ['POST', 'console', {}],
      ['GET', 'ports', undefined],
      ['POST', 'ports', { containerPort: 22, protocol: 'tcp' }],
    ];
    for (const [method, what, body] of attempts) {
      const theirs = await mallory.call(method, `${base()}/${what}`, body);
      expect(theirs.status, `${method} ${what}`).toBe(404);
      expect(theirs.body.message).toBe('Node "alpha": Instance "web1" does not exist');
      const none = await mallory.call(method, `${missing}/${what}`, body);
      expect(none.status).toBe(404);
      expect(none.body.message).toBe('Node "alpha": Instance "nosuch" does not exist');
    }
    const port = (await admin('GET', `${base()}/ports`)).body[0].hostPort;
    expect((await mallory.call('DELETE', `${base()}/ports/${port}?protocol=tcp`)).status).toBe(404);
    expect((await admin('GET', `${base()}/ports`)).body).toHaveLength(1);
  });

  it('passes the exit code of a command through the CLI, and lists, adds and removes ports with it', async () => {
    const ran = await cli(manager.baseUrl, ['exec', 'web1', '--env', 'A=1', '--', 'sh', '-c', 'cat; echo "a=$A"; exit 7'], 'piped\n');
    expect(ran).toMatchObject({ code: 7, stdout: 'piped\na=1\n' });
    const exposed = await cli(manager.baseUrl, ['expose', 'web1', '8080']);
    expect(exposed.code, exposed.stderr).toBe(0);
    const hostPort = /:(\d+) -> web1:8080\/tcp/.exec(exposed.stdout)?.[1];
    expect(hostPort).toBeDefined();
    const listed = await cli(manager.baseUrl, ['ports', 'web1']);
    expect(listed.stdout).toContain(`http://127.0.0.1:${hostPort}`);
    expect((await cli(manager.baseUrl, ['unexpose', 'web1', hostPort!])).code).toBe(0);
    expect((await cli(manager.baseUrl, ['ports', 'web1'])).stdout).not.toContain(`:${hostPort}`);
  });

  it('closes the terminal with the reason when the instance stops', async () => {
    const issued = await admin('POST', `${base()}/console`, {});
    const terminal = await openTerminal(manager.baseUrl, issued.body.url);
    await terminal.waitFor(/\/ # /);
    terminal.socket.send(Buffer.from('echo ready\r'), { binary: true });
    await terminal.waitFor(/ready/);
    expect(await change(admin, 'POST', base(), { action: 'stop', force: true })).toMatchObject({ status: 'succeeded' });
    const closed = await terminal.closed;
    expect(closed.code).toBe(1000);
    expect(terminal.messages).toContainEqual(expect.objectContaining({ type: 'exit', reason: expect.stringContaining('stopped') }));
    const notRunning = await admin('POST', `${base()}/console`, {});
    const refused = await refusalOf(openTerminal(manager.baseUrl, notRunning.body.url));
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/^Node "alpha": /);
  });
});
