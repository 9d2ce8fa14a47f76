import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPUTE_TOKEN, computeNodeProcess, managerProcess, scratchDirectory } from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import type { SpawnedApp } from './spawned-app.js';

/** Kept in DATA_DIR/manager-token, not in MANAGER_TOKEN, so that the token file's mode is tested too. */
const STORED_MANAGER_TOKEN = 'stored-manager-token-0123456789';
const FORGED = '2026-12-01 22:01:03 ERROR [Nodes] forged-line';
const UNKNOWN = (key: string) => `property ${key} should not exist (allowed properties are listed in the API documentation)`;
const TOKEN_RULE = '1 to 512 printable ASCII characters (no spaces, line breaks or other control characters)';
const mode = (path: string) => statSync(path).mode & 0o7777;

/**
 * The manager from dist on a DATA_DIR somebody left readable, with a real
 * compute node to register (it needs no LXC): what bodies and tokens it
 * accepts, and that a forged token shows up nowhere.
 */
describe('manager: request bodies, tokens and DATA_DIR permissions (processes from dist)', () => {
  const scratch: string[] = [];
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let dataDir: string;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> =>
    httpCall(manager.baseUrl, method, path, { body, token: STORED_MANAGER_TOKEN });
  /** A request with exactly these headers (plus the token) and this body. */
  const raw = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const response = await fetch(`${manager.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${STORED_MANAGER_TOKEN}`, ...headers },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
  const eventLogText = async () => JSON.stringify((await api('GET', '/api/events/log?limit=500')).body);

  beforeAll(async () => {
    node = await computeNodeProcess('plain', null, scratch);
    const directory = scratchDirectory('request-input');
    scratch.push(directory);
    dataDir = join(directory, 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'manager-token'), `${STORED_MANAGER_TOKEN}\n`);
    // A first run leaves a real database; then somebody opens everything up again.
    const first = await managerProcess(directory, { env: { MANAGER_TOKEN: '' } });
    await Promise.all([node.start(), first.start()]);
    await first.stop();
    chmodSync(dataDir, 0o755);
    for (const file of ['manager.sqlite', 'manager-token']) chmodSync(join(dataDir, file), 0o644);
    manager = await managerProcess(directory, { env: { MANAGER_TOKEN: '' } });
    await manager.start();
  });

  afterAll(async () => {
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('makes DATA_DIR 700 and the token file, the database and its -wal and -shm 600, whatever they were', () => {
    expect(mode(dataDir)).toBe(0o700);
    for (const file of ['manager-token', 'manager.sqlite', 'manager.sqlite-wal', 'manager.sqlite-shm']) {
      expect(mode(join(dataDir, file)), file).toBe(0o600);
    }
  });

  it('refuses a form-encoded registration with a 415 naming application/json', async () => {
    const form = `url=${encodeURIComponent(node.baseUrl)}&token=${COMPUTE_TOKEN}`;
    const answer = await raw('POST', '/api/nodes', { 'content-type': 'application/x-www-form-urlencoded' }, form);
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message:
        'This API takes request bodies as JSON only: send them with "Content-Type: application/json" (this one was application/x-www-form-urlencoded)',
    });
    expect(answer.text).not.toContain(COMPUTE_TOKEN);
    expect((await api('GET', '/api/nodes')).body).toEqual([]);
  });

  it('refuses a body over 64 KB with a 413', async () => {
    const answer = await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: 'n'.repeat(70 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body.message).toBe('The request body is too large: this route accepts at most 64 KB');
  });

  it('refuses JSON nested 3000 deep with a 400', async () => {
    const deep = `{"url": "${node.baseUrl}", "token": "${COMPUTE_TOKEN}", "name": ${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const answer = await api('POST', '/api/nodes', deep);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The JSON body is nested deeper than 32 levels' });
  });

  it('refuses __proto__ like any unknown property', async () => {
    const body = `{"url": "${node.baseUrl}", "token": "${COMPUTE_TOKEN}", "__proto__": {"name": "sneaky"}}`;
    const answer = await api('POST', '/api/nodes', body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(UNKNOWN('__proto__'));
    expect((await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, colour: 'red' })).body.message).toBe(
      UNKNOWN('colour'),
    );
    expect((await api('GET', '/api/events/log?__proto__=1')).body.message).toBe(UNKNOWN('__proto__'));
    expect((await api('GET', '/api/nodes')).body).toEqual([]);
  });

  it('refuses a node token with CR/LF, and the token shows up in no answer, log line or event', async () => {
    const forgedToken = `${COMPUTE_TOKEN}\r\n${FORGED}`;
    const answer = await api('POST', '/api/nodes', { url: node.baseUrl, token: forgedToken });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `token must be ${TOKEN_RULE}`,
      details: [`token must be ${TOKEN_RULE}`],
    });
    expect((await api('GET', '/api/nodes')).body).toEqual([]);

    // The same node with its real token registers: the refusal above was the token's.
    const registered = await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: 'plain' });
    expect(registered.status).toBe(201);
    expect(JSON.stringify(registered.body)).not.toContain(COMPUTE_TOKEN);

    expect(await eventLogText()).not.toContain('forged-line');
    expect(manager.log()).not.toContain('forged-line');
    expect(manager.log()).not.toContain(COMPUTE_TOKEN);
  });

  it('refuses a token in the address or a malformed Authorization token with a 401 that never shows it', async () => {
    const query = encodeURIComponent(`${STORED_MANAGER_TOKEN}\r\n${FORGED}`);
    // The address carries no credential any more: the stream takes the header or the session cookie.
    const stream = await httpCall(manager.baseUrl, 'GET', `/api/events?access_token=${query}`, { token: null });
    expect(stream.status).toBe(401);
    expect(stream.body.message).toContain('This API needs you to sign in');

    const header = await raw('GET', '/api/nodes', { authorization: `Bearer ${STORED_MANAGER_TOKEN}\u00e9` });
    expect(header.status).toBe(401);
    expect(header.body.message).toBe(`The token is malformed: a token is ${TOKEN_RULE}`);

    const missing = await httpCall(manager.baseUrl, 'GET', `/api/nowhere?access_token=${query}`, { token: null });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Cannot GET /api/nowhere');

    for (const shown of [JSON.stringify([stream.body, header.body, missing.body]), manager.log(), await eventLogText()]) {
      expect(shown).not.toContain('forged-line');
      expect(shown).not.toContain(STORED_MANAGER_TOKEN);
    }
    expect(manager.log()).toMatch(/WARN {2}\[Auth\] Refused GET \/api\/events from 127\.0\.0\.1: no token or session/);
  });
});
