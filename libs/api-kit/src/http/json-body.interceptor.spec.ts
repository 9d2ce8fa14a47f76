import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, HttpCode, Module, Post, Query, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { ApiKitModule } from '../module/api-kit.module.js';
import { recordLogs, type RecordedLogs } from '../logging/test-support/recorded-logs.js';
import { API_APPLICATION_OPTIONS } from '../server/api-application-options.js';
import { BodyLimit } from './body-limit.decorator.js';

const TOKEN = 'json-body-token-0123456789';
const BIG_ROUTE_LIMIT = 256 * 1024;

class ThingDto {
  @IsString()
  name!: string;

  @IsOptional()
  @IsString()
  note?: string;
}

class OptionsDto {
  @IsOptional()
  @IsBoolean()
  loud?: boolean;
}

class PageQuery {
  @IsOptional()
  @IsString()
  page?: string;
}

@Controller()
class ThingsController {
  @Post('things')
  create(@Body() thing: ThingDto): { name: string; prototype: string } {
    return { name: thing.name, prototype: Object.getPrototypeOf(thing) === ThingDto.prototype ? 'ThingDto' : 'changed' };
  }

  @Post('big')
  @BodyLimit(BIG_ROUTE_LIMIT)
  big(@Body() thing: ThingDto): { noteLength: number } {
    return { noteLength: thing.note?.length ?? 0 };
  }

  /** A body is optional here, as for POST /led/identify. */
  @Post('ring')
  @HttpCode(202)
  ring(@Body() options: OptionsDto): { loud: boolean } {
    return { loud: options.loud ?? false };
  }

  @Get('things')
  list(@Query() query: PageQuery): { page: string } {
    return { page: query.page ?? '1' };
  }
}

@Module({ imports: [ApiKitModule.forRoot({ apiToken: TOKEN })], controllers: [ThingsController] })
class ThingsModule {}

interface Answer {
  status: number;
  body: any;
}

/** One request over node:http, the body sent as given: whole (with Content-Length) or in chunks (chunked). */
function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[]; token?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers['authorization'] = `Bearer ${options.token ?? TOKEN}`;
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, timeout: 10_000 }, (incoming) => {
      const parts: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => parts.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: incoming.statusCode ?? 0, body: text && incoming.headers['content-type']?.includes('json') ? JSON.parse(text) : text });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path} timed out`)));
    // The server may answer (413) before it has read all of a large body and drop the rest.
    outgoing.on('error', reject);
    if (options.chunks) {
      for (const chunk of options.chunks) outgoing.write(chunk);
      outgoing.end();
    } else {
      outgoing.end(options.body);
    }
  });
}

const json = { 'content-type': 'application/json' };
const UNKNOWN = (path: string) => `property ${path} should not exist (allowed properties are listed in the API documentation)`;

describe('JsonBodyInterceptor: the body parser of every TinyStack server', () => {
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    app = await NestFactory.create(ThingsModule, { ...API_APPLICATION_OPTIONS, logger: false });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('parses a JSON body for the DTO', async () => {
    const answer = await send(port, 'POST', '/things', { headers: json, body: '{"name": "web1"}' });
    expect(answer).toEqual({ status: 201, body: { name: 'web1', prototype: 'ThingDto' } });
    const withCharset = await send(port, 'POST', '/things', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      chunks: [Buffer.from('{"na'), Buffer.from('me": "wéb"}')],
    });
    expect(withCharset).toEqual({ status: 201, body: { name: 'wéb', prototype: 'ThingDto' } });
  });

  it('takes a request without a body, with or without Content-Length: 0', async () => {
    expect(await send(port, 'POST', '/ring')).toEqual({ status: 202, body: { loud: false } });
    expect(await send(port, 'POST', '/ring', { headers: { 'content-length': '0', 'content-type': 'text/plain' } })).toEqual({
      status: 202,
      body: { loud: false },
    });
    expect(await send(port, 'POST', '/ring', { headers: json, body: '{"loud": true}' })).toEqual({ status: 202, body: { loud: true } });
  });

  it.each([
    ['a form', 'application/x-www-form-urlencoded', 'name=web1', 'was application/x-www-form-urlencoded'],
    ['plain text', 'text/plain', '{"name": "web1"}', 'was text/plain'],
    ['no Content-Type', undefined, '{"name": "web1"}', 'had no Content-Type'],
  ])('refuses %s with a 415 that names the allowed type', async (_case, type, body, said) => {
    const answer = await send(port, 'POST', '/things', { headers: type ? { 'content-type': type } : {}, body });
    expect(answer).toEqual({
      status: 415,
      body: {
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `This API takes request bodies as JSON only: send them with "Content-Type: application/json" (this one ${said})`,
      },
    });
  });

  it('refuses a body over 64 KB with a 413, whether its length is declared or it comes in chunks', async () => {
    const note = 'x'.repeat(64 * 1024);
    const body = JSON.stringify({ name: 'web1', note });
    const declared = await send(port, 'POST', '/things', { headers: json, body });
    expect(declared).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'The request body is too large: this route accepts at most 64 KB' },
    });
    const chunked = await send(port, 'POST', '/things', {
      headers: json,
      chunks: Array.from({ length: 20 }, () => Buffer.from(' '.repeat(8 * 1024))),
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body.message).toBe('The request body is too large: this route accepts at most 64 KB');
    // The server is still fine, and a route that declares more takes more.
    expect(await send(port, 'POST', '/big', { headers: json, body })).toEqual({ status: 201, body: { noteLength: note.length } });
    const overBig = await send(port, 'POST', '/big', { headers: json, body: JSON.stringify({ name: 'a', note: 'x'.repeat(BIG_ROUTE_LIMIT) }) });
    expect(overBig.body.message).toBe('The request body is too large: this route accepts at most 256 KB');
  });

  it('refuses JSON nested 3000 deep with a 400 (no stack overflow, no 500)', async () => {
    const body = `{"name": "web1", "note": ${'['.repeat(3000)}${']'.repeat(3000)}}`;
    expect(await send(port, 'POST', '/things', { headers: json, body })).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'The JSON body is nested deeper than 32 levels' },
    });
  });

  it('refuses prototype keys like any unknown property, in the body and in the query string', async () => {
    const unknown = await send(port, 'POST', '/things', { headers: json, body: '{"name": "web1", "colour": "red"}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe(UNKNOWN('colour'));

    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const answer = await send(port, 'POST', '/things', { headers: json, body: `{"name": "web1", "${key}": {"name": "x"}}` });
      expect(answer, key).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: UNKNOWN(key), details: [UNKNOWN(key)] },
      });
    }
    expect((await send(port, 'GET', '/things?page=2')).body).toEqual({ page: '2' });
    expect((await send(port, 'GET', '/things?colour=red')).body.message).toBe(UNKNOWN('colour'));
    expect((await send(port, 'GET', '/things?__proto__=x')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: UNKNOWN('__proto__'),
      details: [UNKNOWN('__proto__')],
    });
  });

  it('refuses what is not JSON, or not an object, with a 400', async () => {
    expect((await send(port, 'POST', '/things', { headers: json, body: '{"name": ' })).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body is not valid JSON: it ends before the JSON is complete',
    });
    expect((await send(port, 'POST', '/things', { headers: json, body: '["web1"]' })).body.message).toBe(
      'The request body must be a JSON object',
    );
  });

  it('reads no body before the token is accepted', async () => {
    const answer = await send(port, 'POST', '/things', { headers: { 'content-type': 'text/plain' }, body: 'x', token: null });
    expect(answer.status).toBe(401);
  });

  it('keeps the query string, which may hold a token, out of a 404', async () => {
    const answer = await send(port, 'GET', '/nowhere?access_token=a-secret-token-value', { token: null });
    expect(answer).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /nowhere' } });
  });
});

describe('JsonBodyInterceptor in an app created with Nest body parser left on', () => {
  let app: INestApplication;
  let logs: RecordedLogs;

  afterEach(async () => {
    await app?.close();
    logs.stop();
  });

  it('fails the request loudly and says how to create the app, rather than using what Nest parsed', async () => {
    logs = recordLogs({ format: 'json', level: 'error' });
    app = await NestFactory.create(ThingsModule);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const answer = await send(port, 'POST', '/things', { headers: json, body: '{"name": "web1"}' });
    expect(answer.status).toBe(500);
    expect(logs.text()).toContain('create the app with API_APPLICATION_OPTIONS ({ bodyParser: false })');
  });
});
