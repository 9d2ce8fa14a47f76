import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsString } from 'class-validator';
import { Public } from '../auth/public.decorator.js';
import { ApiKitModule } from '../module/api-kit.module.js';
import { serveApiDocs } from '../openapi/api-docs.js';
import { API_APPLICATION_OPTIONS } from '../server/api-application-options.js';
import { installSecurityHeaders } from './security-headers.js';

class NameDto {
  @IsString()
  name!: string;
}

@Controller()
class ProbeController {
  @Get('health')
  @Public()
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('secret')
  secret(): string {
    return 'only with the token';
  }

  @Get('broken')
  @Public()
  broken(): never {
    throw new Error('a bug');
  }

  @Post('names')
  @Public()
  name(@Body() body: NameDto): NameDto {
    return body;
  }
}

@Module({ imports: [ApiKitModule.forRoot({ apiToken: 'probe-token-0123456789' })], controllers: [ProbeController] })
class ProbeApp {}

const POLICY =
  "default-src 'self';base-uri 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';" +
  "script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'";

describe('installSecurityHeaders', () => {
  let app: INestApplication;
  let base: string;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'tinystack-security-headers-'));
    const documentFile = join(scratch, 'probe.json');
    writeFileSync(documentFile, JSON.stringify({ openapi: '3.0.0', info: { title: 'probe', version: '1' }, paths: {} }));
    app = await NestFactory.create(ProbeApp, { ...API_APPLICATION_OPTIONS, logger: false });
    installSecurityHeaders(app);
    serveApiDocs(app, { ui: 'docs', json: 'docs-json' }, documentFile);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/health', undefined, 200],
    ['GET', '/secret', undefined, 401],
    ['GET', '/no-such-route', undefined, 404],
    ['GET', '/broken', undefined, 500],
    ['POST', '/names', '{"name": 1}', 400],
    ['POST', '/names', '{not json', 400],
    ['GET', '/docs', undefined, 200],
    ['GET', '/docs/swagger-ui-init.js', undefined, 200],
    ['GET', '/docs/swagger-ui.css', undefined, 200],
    ['GET', '/docs-json', undefined, 200],
  ])('puts the headers on %s %s (a %i) and no X-Powered-By', async (method, path, body, status) => {
    const response = await fetch(`${base}${path}`, {
      method,
      body,
      headers: body ? { 'content-type': 'application/json' } : {},
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(POLICY);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    // Plain HTTP on a LAN: neither would help, the upgrade would break every page.
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    for (const left of ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']) {
      expect(response.headers.get(left), left).toBeNull();
    }
  });

  it("serves a Swagger UI page that needs no inline script: every <script> has a src, no element has an on… handler", async () => {
    const html = await (await fetch(`${base}/docs`, { signal: AbortSignal.timeout(10_000) })).text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !/\bsrc=/.test(tag))).toEqual([]);
    expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  });
});
