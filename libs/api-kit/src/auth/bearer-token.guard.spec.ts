import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKitModule } from '../module/api-kit.module.js';
import { API_APPLICATION_OPTIONS } from '../server/api-application-options.js';
import { recordLogs, type RecordedLogs } from '../logging/test-support/recorded-logs.js';
import { Public } from './public.decorator.js';
import { REFUSAL_LOG_WINDOW_MS } from './bearer-token.guard.js';

const TOKEN = 'the-right-token-0123456789';
const WRONG_TOKEN = 'a-wrong-secret-token-987654321';

@Controller()
class RoutesController {
  @Get('things')
  things(): string[] {
    return [];
  }

  @Public()
  @Get('health')
  health(): string {
    return 'ok';
  }
}

@Module({ imports: [ApiKitModule.forRoot({ apiToken: TOKEN })], controllers: [RoutesController] })
class GuardedModule {}

/** A GET from a chosen loopback address (all of 127.0.0.0/8 is this machine), answering the status. */
function get(port: number, path: string, from: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path, headers, localAddress: from, agent: false, timeout: 5000 }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve(answer.statusCode ?? 0));
    });
    call.on('timeout', () => call.destroy(new Error(`GET ${path} timed out`)));
    call.on('error', reject);
    call.end();
  });
}

describe('BearerTokenGuard', () => {
  let app: INestApplication;
  let port: number;
  let logs: RecordedLogs;

  beforeEach(async () => {
    logs = recordLogs({ format: 'json', level: 'info' });
    // No logger option: the app writes through the recording one.
    app = await NestFactory.create(GuardedModule, API_APPLICATION_OPTIONS);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterEach(async () => {
    vi.useRealTimers();
    await app.close();
    logs.stop();
  });

  const refusals = () => logs.records().filter((record) => record['context'] === 'Auth');

  it('logs each refusal with the route, the client address and why, never the token', async () => {
    expect(await get(port, '/things', '127.0.0.2')).toBe(401);
    expect(await get(port, '/things?page=2', '127.0.0.3', { authorization: `Bearer ${WRONG_TOKEN}` })).toBe(401);
    // A token in the query string is no credential: nothing but the header is read.
    expect(await get(port, `/things?access_token=${TOKEN}`, '127.0.0.4')).toBe(401);
    expect(await get(port, '/things', '127.0.0.5', { authorization: `Basic ${WRONG_TOKEN}` })).toBe(401);

    expect(refusals()).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'Refused GET /things from 127.0.0.2: no token',
        route: 'GET /things',
        client: '127.0.0.2',
        reason: 'no token',
      }),
      expect.objectContaining({ message: 'Refused GET /things from 127.0.0.3: wrong token', client: '127.0.0.3' }),
      expect.objectContaining({ message: 'Refused GET /things from 127.0.0.4: no token', client: '127.0.0.4' }),
      expect.objectContaining({
        message: 'Refused GET /things from 127.0.0.5: the Authorization header is not "Bearer <token>"',
      }),
    ]);
    expect(logs.text()).not.toContain(WRONG_TOKEN);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain('access_token');
  });

  it.each([
    ['a non-ASCII header token', '/things', { authorization: `Bearer ${WRONG_TOKEN}\u00e9` }],
    ['513 characters', '/things', { authorization: `Bearer ${'x'.repeat(513)}` }],
  ])('refuses %s as a malformed token without showing it anywhere', async (_case, path, headers: Record<string, string>) => {
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const call = request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: 5000 }, (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
      });
      call.on('error', reject);
      call.end();
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message:
        'The token is malformed: a token is 1 to 512 printable ASCII characters (no spaces, line breaks or other control characters)',
    });
    expect(refusals()).toEqual([expect.objectContaining({ reason: 'malformed token', message: expect.stringMatching(/: malformed token$/) })]);
    for (const shown of [answer.text, logs.text()]) {
      expect(shown).not.toContain(WRONG_TOKEN);
      expect(shown).not.toContain('xxxxxxxx');
    }
  });

  it('writes at most one line per client address and minute, then says how many it held back', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const wrong = { authorization: `Bearer ${WRONG_TOKEN}` };
    for (let attempt = 0; attempt < 20; attempt += 1) expect(await get(port, '/things', '127.0.0.6', wrong)).toBe(401);
    expect(await get(port, '/things', '127.0.0.7', wrong)).toBe(401);
    expect(refusals().map((record) => record['client'])).toEqual(['127.0.0.6', '127.0.0.7']);

    vi.advanceTimersByTime(REFUSAL_LOG_WINDOW_MS);
    expect(await get(port, '/things', '127.0.0.6', wrong)).toBe(401);
    expect(refusals()).toHaveLength(3);
    expect(refusals()[2]).toMatchObject({
      message: 'Refused GET /things from 127.0.0.6: wrong token (19 more refused from this address since the last such line)',
      suppressed: 19,
    });
  });

  it('logs nothing for accepted tokens and public routes', async () => {
    expect(await get(port, '/things', '127.0.0.8', { authorization: `Bearer ${TOKEN}` })).toBe(200);
    expect(await get(port, '/health', '127.0.0.8')).toBe(200);
    expect(logs.text()).toBe('');
  });
});
