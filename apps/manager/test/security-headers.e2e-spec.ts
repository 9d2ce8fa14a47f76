import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { MANAGER_TOKEN, managerProcess, scratchDirectory } from './cluster.js';
import { rawGet } from './raw-get.js';
import { expectSecurityHeaders } from './security-headers.js';
import type { SpawnedApp } from './spawned-app.js';

const BUILT_CONSOLE = join(__dirname, '..', '..', '..', 'dist', 'frontend', 'browser');

/** The manager as it runs (the process from dist) serving the console npm run build made. */
describe('manager (process from dist): the built console, compressed, and security headers on every kind of answer', () => {
  const scratch: string[] = [];
  let manager: SpawnedApp;
  let index: Buffer;
  let mainScript: string;

  beforeAll(async () => {
    index = readFileSync(join(BUILT_CONSOLE, 'index.html'));
    mainScript = /<script src="(main-[A-Z0-9]+\.js)"/.exec(index.toString('utf8'))?.[1] ?? '';
    const directory = scratchDirectory('headers');
    scratch.push(directory);
    manager = await managerProcess(directory);
    await manager.start();
  });

  afterAll(async () => {
    await manager?.stop();
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('sends the built console brotli-compressed to `curl -H "Accept-Encoding: br"`, gzip to a browser on plain HTTP', async () => {
    const brotli = await rawGet(`${manager.baseUrl}/`, { 'accept-encoding': 'br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers).toMatchObject({ 'content-encoding': 'br', 'content-type': 'text/html; charset=utf-8', vary: 'Accept-Encoding' });
    expect(brotliDecompressSync(brotli.body)).toEqual(index);

    expect(mainScript).not.toBe('');
    const script = await rawGet(`${manager.baseUrl}/${mainScript}`, { 'accept-encoding': 'gzip, deflate' });
    expect(script.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': 'public, max-age=31536000, immutable' });
    expect(gunzipSync(script.body)).toEqual(readFileSync(join(BUILT_CONSOLE, mainScript)));

    const route = await rawGet(`${manager.baseUrl}/nodes`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(route.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(route.body)).toEqual(index);
  });

  it.each([
    ['GET', '/', 200, false],
    ['GET', '/nodes/3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11', 200, false],
    ['GET', '/favicon.svg', 200, false],
    ['GET', '/robots.txt', 404, false],
    ['GET', '/favicon.png', 404, false],
    ['HEAD', '/', 200, false],
    ['GET', '/health', 200, false],
    ['GET', '/api/nodes', 401, false],
    ['GET', '/api/nodes', 200, true],
    ['GET', '/api/no-such-route', 404, true],
    ['GET', '/api/docs', 200, false],
    ['GET', '/api/docs/swagger-ui-init.js', 200, false],
    ['GET', '/api/docs-json', 200, false],
  ] as const)('%s %s answering %i (with the token: %s)', async (method, path, status, withToken) => {
    const answer = await rawGet(
      `${manager.baseUrl}${path}`,
      { 'accept-encoding': 'br', ...(withToken ? { authorization: `Bearer ${MANAGER_TOKEN}` } : {}) },
      { method },
    );
    expect(answer.status, manager.log()).toBe(status);
    expectSecurityHeaders(answer.headers, `${method} ${path}`);
  });

  it('answers a file the console does not have with a 404 ErrorDto, not its index.html', async () => {
    const missing = await rawGet(`${manager.baseUrl}/robots.txt`, { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/json');
    expect(JSON.parse(missing.body.toString('utf8'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'The console has no file /robots.txt',
    });
  });
});
