import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Controller, Get, Logger, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { vi } from 'vitest';
import { rawGet, type RawAnswer } from '../../test/raw-get.js';
import { configureManagerApp } from '../manager.app.js';
import { consoleCacheControl } from './console-cache.js';
import { acceptedCodings } from './console-encoding.js';
import { builtConsoleDirectory } from './console-location.js';
import { ConsoleModule } from './console.module.js';

@Controller('nodes')
class NodesStandIn {
  @Get()
  list(): string[] {
    return ['from the API'];
  }
}

@Controller('health')
class HealthStandIn {
  @Get()
  health(): { status: string } {
    return { status: 'ok' };
  }
}

function appModule(console: DynamicModule): DynamicModule {
  @Module({ imports: [console], controllers: [NodesStandIn, HealthStandIn] })
  class StandInApp {}
  return { module: StandInApp };
}

describe('ConsoleModule', () => {
  let directory: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tinystack-console-'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(directory, { recursive: true, force: true });
  });

  async function serve(console: DynamicModule): Promise<string> {
    app = await NestFactory.create(appModule(console), { logger: false });
    configureManagerApp(app);
    await app.listen(0, '127.0.0.1');
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async function get(base: string, path: string): Promise<{ status: number; type: string; cache: string | null; text: string }> {
    const response = await fetch(`${base}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      cache: response.headers.get('cache-control'),
      text: await response.text(),
    };
  }

  it('serves the built console at /, its files, and index.html for client routes, leaving /api and /health alone', async () => {
    writeFileSync(join(directory, 'index.html'), '<ts-root></ts-root>');
    writeFileSync(join(directory, 'main-ABCD1234.js'), 'console.log(1)');
    const base = await serve(ConsoleModule.forRoot(directory));

    expect(await get(base, '/')).toMatchObject({ status: 200, text: '<ts-root></ts-root>', cache: 'no-cache' });
    expect(await get(base, '/nodes/3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11')).toMatchObject({ status: 200, text: '<ts-root></ts-root>' });
    expect(await get(base, '/main-ABCD1234.js')).toMatchObject({
      status: 200,
      text: 'console.log(1)',
      cache: 'public, max-age=31536000, immutable',
    });
    expect(await get(base, '/api/nodes')).toMatchObject({ status: 200, text: '["from the API"]' });
    const unknownApi = await get(base, '/api/no-such-route');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.type).toContain('application/json');
    expect(JSON.parse(unknownApi.text)).toMatchObject({ statusCode: 404 });
    expect(await get(base, '/health')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
  });

  describe('precompressed files', () => {
    const INDEX = `<!doctype html><html><head><link rel="stylesheet" href="styles-ABCD1234.css"></head><body>${'<ts-root></ts-root>'.repeat(40)}</body></html>`;
    const SCRIPT = `console.log(${JSON.stringify('the console '.repeat(200))});`;
    const STYLES = `body { margin: 0; } ${'.row { color: red; } '.repeat(100)}`;
    const ICON = '<svg xmlns="http://www.w3.org/2000/svg"/>';
    let base: string;

    /** A build as npm run build:console leaves it: brotli and gzip copies, none where they do not help. */
    beforeEach(async () => {
      writeFileSync(join(directory, 'index.html'), INDEX);
      writeFileSync(join(directory, 'index.html.br'), brotliCompressSync(INDEX));
      writeFileSync(join(directory, 'index.html.gz'), gzipSync(INDEX));
      writeFileSync(join(directory, 'main-ABCD1234.js'), SCRIPT);
      writeFileSync(join(directory, 'main-ABCD1234.js.br'), brotliCompressSync(SCRIPT));
      writeFileSync(join(directory, 'main-ABCD1234.js.gz'), gzipSync(SCRIPT));
      writeFileSync(join(directory, 'styles-ABCD1234.css'), STYLES);
      writeFileSync(join(directory, 'styles-ABCD1234.css.gz'), gzipSync(STYLES));
      writeFileSync(join(directory, 'favicon.svg'), ICON);
      base = await serve(ConsoleModule.forRoot(directory));
    });

    /** The body a client gets after undoing the Content-Encoding, checking the length first. */
    function decoded(answer: RawAnswer): string {
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      const encoding = answer.headers['content-encoding'];
      if (encoding === 'br') return brotliDecompressSync(answer.body).toString('utf8');
      if (encoding === 'gzip') return gunzipSync(answer.body).toString('utf8');
      expect(encoding).toBeUndefined();
      return answer.body.toString('utf8');
    }

    it.each([
      ['br', 'br'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip;q=1.0, br;q=0.1', 'br'],
      ['*', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['deflate', undefined],
      ['identity', undefined],
      ['br;q=0, gzip;q=0, *', undefined],
      [null, undefined],
    ])('answers Accept-Encoding %j with coding %j, the type, length and cache rule of the file, and Vary', async (accept, coding) => {
      const headers: Record<string, string> = accept === null ? {} : { 'accept-encoding': accept };
      const script = await rawGet(`${base}/main-ABCD1234.js`, headers);
      expect(script.status).toBe(200);
      expect(script.headers['content-encoding']).toBe(coding);
      expect(script.headers['content-type']).toMatch(/^(?:text|application)\/javascript; charset=utf-8$/);
      expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(script.headers['vary']).toBe('Accept-Encoding');
      expect(decoded(script)).toBe(SCRIPT);

      const index = await rawGet(`${base}/`, headers);
      expect(index.headers['content-encoding']).toBe(coding);
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(index.headers['cache-control']).toBe('no-cache');
      expect(index.headers['vary']).toBe('Accept-Encoding');
      expect(decoded(index)).toBe(INDEX);
    });

    it('sends index.html compressed for client routes too', async () => {
      const route = await rawGet(`${base}/nodes/3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11`, { 'accept-encoding': 'gzip, br' });
      expect(route).toMatchObject({ status: 200, headers: { 'content-encoding': 'br', 'content-type': 'text/html; charset=utf-8', vary: 'Accept-Encoding' } });
      expect(decoded(route)).toBe(INDEX);
    });

    it('falls back to the copies the build made: gzip when there is no brotli, the file itself when there is neither', async () => {
      const styles = await rawGet(`${base}/styles-ABCD1234.css`, { 'accept-encoding': 'br, gzip' });
      expect(styles.headers).toMatchObject({ 'content-encoding': 'gzip', 'content-type': 'text/css; charset=utf-8', vary: 'Accept-Encoding' });
      expect(decoded(styles)).toBe(STYLES);
      const stylesBrotliOnly = await rawGet(`${base}/styles-ABCD1234.css`, { 'accept-encoding': 'br' });
      expect(stylesBrotliOnly.headers['content-encoding']).toBeUndefined();
      expect(decoded(stylesBrotliOnly)).toBe(STYLES);

      const icon = await rawGet(`${base}/favicon.svg`, { 'accept-encoding': 'br, gzip' });
      expect(icon).toMatchObject({ status: 200, headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-cache', vary: 'Accept-Encoding' } });
      expect(decoded(icon)).toBe(ICON);
    });

    it('answers HEAD and revalidation (If-None-Match) of the compressed copy', async () => {
      const brotli = { 'accept-encoding': 'br' };
      const full = await rawGet(`${base}/`, brotli);
      const head = await rawGet(`${base}/`, brotli, { method: 'HEAD' });
      expect(head).toMatchObject({ status: 200, headers: { 'content-encoding': 'br', 'content-length': String(full.body.length) } });
      expect(head.body.length).toBe(0);

      const etag = full.headers['etag'];
      expect(etag).toBeTruthy();
      expect((await rawGet(`${base}/`, { 'accept-encoding': 'gzip' })).headers['etag']).not.toBe(etag);
      const unchanged = await rawGet(`${base}/`, { ...brotli, 'if-none-match': etag! });
      expect(unchanged.status).toBe(304);
      expect(unchanged.body.length).toBe(0);
    });
  });

  it('serves a console built without precompressed copies as it is, whatever the browser accepts', async () => {
    writeFileSync(join(directory, 'index.html'), '<ts-root></ts-root>');
    writeFileSync(join(directory, 'main-ABCD1234.js'), 'console.log(1)');
    const base = await serve(ConsoleModule.forRoot(directory));
    for (const path of ['/', '/main-ABCD1234.js', '/instances']) {
      const answer = await rawGet(`${base}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-encoding'], path).toBeUndefined();
      expect(answer.headers['vary'], path).toBe('Accept-Encoding');
      expect(Number(answer.headers['content-length']), path).toBe(answer.body.length);
    }
  });

  it('answers 404 (an ErrorDto) for a missing file, never index.html, and keeps index.html for client routes', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'tinystack-console-outside-'));
    try {
      writeFileSync(join(outside, 'secret.txt'), 'not the console');
      writeFileSync(join(directory, 'index.html'), '<ts-root></ts-root>');
      writeFileSync(join(directory, 'index.html.br'), brotliCompressSync('<ts-root></ts-root>'));
      writeFileSync(join(directory, '.hidden.json'), '{}');
      const base = await serve(ConsoleModule.forRoot(directory));
      const climbOut = `/..%2F${outside.split('/').pop()}%2Fsecret.txt`;
      for (const path of ['/robots.txt', '/favicon.png', '/nodes/3f1c2a9e/report.pdf', '/main-ABCD1234.js.map', '/.env', '/.hidden.json', climbOut]) {
        const missing = await rawGet(`${base}${path}`, { 'accept-encoding': 'br' });
        expect(missing.status, path).toBe(404);
        expect(missing.headers['content-type'], path).toContain('application/json');
        expect(missing.headers['content-encoding'], path).toBeUndefined();
        expect(JSON.parse(missing.body.toString('utf8')), path).toMatchObject({ statusCode: 404, message: `The console has no file ${path}` });
      }
      const posted = await fetch(`${base}/nodes`, { method: 'POST' });
      expect(posted.status).toBe(404);
      expect(await posted.json()).toMatchObject({ statusCode: 404, message: 'Cannot POST /nodes' });
      for (const path of ['/nodes', '/nodes/3f1c2a9e-8d4b-4c1e-9a57-0b6d2f4e8c11', '/events/', '/instances?node=a.b']) {
        const route = await rawGet(`${base}${path}`);
        expect(route.status, path).toBe(200);
        expect(route.body.toString('utf8'), path).toBe('<ts-root></ts-root>');
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('without a built console, starts anyway, says once how to build it, and answers / with a 404 that says it too', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const base = await serve(ConsoleModule.forRoot(null));
      expect(warn.mock.calls).toEqual([
        [
          'The admin console is not built (no dist/frontend/browser/index.html), so / serves nothing: run "npm run build:console"',
        ],
      ]);
      const root = await get(base, '/');
      expect(root.status).toBe(404);
      expect(JSON.parse(root.text)).toMatchObject({ statusCode: 404, message: 'The admin console is not built: run "npm run build:console"' });
      expect(await get(base, '/api/nodes')).toMatchObject({ status: 200 });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('builtConsoleDirectory', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tinystack-console-location-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('picks the first candidate that holds an index.html, and null when none does', () => {
    const [bundleSide, sourceSide] = [join(root, 'a'), join(root, 'b')];
    mkdirSync(bundleSide);
    mkdirSync(sourceSide);
    expect(builtConsoleDirectory([bundleSide, sourceSide])).toBeNull();
    writeFileSync(join(sourceSide, 'index.html'), '');
    expect(builtConsoleDirectory([bundleSide, sourceSide])).toBe(sourceSide);
    writeFileSync(join(bundleSide, 'index.html'), '');
    expect(builtConsoleDirectory([bundleSide, sourceSide])).toBe(bundleSide);
  });
});

describe('acceptedCodings', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['identity', []],
    ['gzip', ['gzip']],
    ['GZIP, BR', ['br', 'gzip']],
    ['gzip, deflate, br', ['br', 'gzip']],
    ['br;q=0.2, gzip;q=0.8', ['br', 'gzip']],
    ['br;q=0, gzip', ['gzip']],
    ['br; q=0.000, gzip ; q=0.5', ['gzip']],
    ['*', ['br', 'gzip']],
    ['*;q=0', []],
    ['gzip;q=0, *', ['br']],
    ['br;q=nonsense, gzip', ['gzip']],
  ])('reads %j as %j, best first by the manager\'s preference', (header, codings) => {
    expect(acceptedCodings(header).map(({ coding }) => coding)).toEqual(codings);
  });
});

describe('consoleCacheControl', () => {
  it('lets browsers keep hashed bundles for good and re-check everything else', () => {
    expect(consoleCacheControl('/srv/dist/frontend/browser/chunk-5F5JJHTG.js')).toBe('public, max-age=31536000, immutable');
    expect(consoleCacheControl('/srv/dist/frontend/browser/styles-4XBQFGJS.css')).toBe('public, max-age=31536000, immutable');
    expect(consoleCacheControl('/srv/dist/frontend/browser/index.html')).toBe('no-cache');
    expect(consoleCacheControl('/srv/dist/frontend/browser/favicon.svg')).toBe('no-cache');
  });
});
