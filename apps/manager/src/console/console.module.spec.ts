import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Logger, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { vi } from 'vitest';
import { configureManagerApp } from '../manager.app.js';
import { consoleCacheControl } from './console-cache.js';
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

  it('without a built console, starts anyway, says once how to build it, and serves nothing at /', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const base = await serve(ConsoleModule.forRoot(null));
      expect(warn.mock.calls).toEqual([
        [
          'The admin console is not built (no dist/frontend/browser/index.html), so / serves nothing: run "npm run build:console"',
        ],
      ]);
      expect((await get(base, '/')).status).toBe(404);
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

describe('consoleCacheControl', () => {
  it('lets browsers keep hashed bundles for good and re-check everything else', () => {
    expect(consoleCacheControl('/srv/dist/frontend/browser/chunk-5F5JJHTG.js')).toBe('public, max-age=31536000, immutable');
    expect(consoleCacheControl('/srv/dist/frontend/browser/styles-4XBQFGJS.css')).toBe('public, max-age=31536000, immutable');
    expect(consoleCacheControl('/srv/dist/frontend/browser/index.html')).toBe('no-cache');
    expect(consoleCacheControl('/srv/dist/frontend/browser/favicon.svg')).toBe('no-cache');
  });
});
