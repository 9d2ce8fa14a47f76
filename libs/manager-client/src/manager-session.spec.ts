import type { IncomingHttpHeaders } from 'node:http';
import { CSRF_HEADER as CONTRACT_CSRF_HEADER, SESSION_COOKIE } from '@tinystack/contracts';
import { CSRF_HEADER, ManagerClient } from './manager-client.js';
import { ManagerAnsweredError, ManagerInvalidAnswerError } from './manager-client.errors.js';
import { aUser, jsonAnswer, ScriptedManager } from './test-support/index.js';

const CALL = { timeoutMs: 2000 };

describe('ManagerClient.signIn', () => {
  let manager: ScriptedManager;
  let baseUrl: string;
  let headers: IncomingHttpHeaders[];

  beforeEach(async () => {
    manager = new ScriptedManager();
    baseUrl = await manager.listen();
    headers = [];
  });
  afterEach(() => manager.close());

  it("names the manager's CSRF header as the contracts do", () => {
    expect(CSRF_HEADER).toBe(CONTRACT_CSRF_HEADER);
  });

  it('sends back the session cookie it was given, with the CSRF token, and no bearer token', async () => {
    manager.answer((request, response) => {
      headers.push(request.headers);
      if (request.url === '/api/session' && request.method === 'POST') {
        response.setHeader('set-cookie', `${SESSION_COOKIE}=the-session-id; Path=/; HttpOnly; SameSite=Strict`);
        return jsonAnswer(200, { user: aUser(), csrfToken: 'the-csrf-token' })(request, response);
      }
      if (request.url === '/api/tokens') {
        return jsonAnswer(201, { id: 'b7c1e1b2-0000-4000-8000-000000000001', name: 'cli', createdAt: '2026-01-05T10:00:00.000Z', expiresAt: null, lastUsedAt: null, token: 'ts_abc' })(request, response);
      }
      response.writeHead(204).end();
    });
    const { manager: session, signedIn } = await ManagerClient.signIn({ baseUrl }, { username: 'alice', password: 'pw-0123456789' }, CALL);
    expect(signedIn).toMatchObject({ user: { username: 'alice' }, csrfToken: 'the-csrf-token' });
    await expect(session.createToken({ name: 'cli' }, CALL)).resolves.toMatchObject({ token: 'ts_abc' });
    await session.signOut(CALL);
    expect(manager.seen.map(({ method, url, body }) => `${method} ${url} ${body}`)).toEqual([
      'POST /api/session {"username":"alice","password":"pw-0123456789"}',
      'POST /api/tokens {"name":"cli"}',
      'DELETE /api/session ',
    ]);
    expect(headers[0]).not.toHaveProperty('cookie');
    for (const sent of headers.slice(1)) {
      expect(sent).toMatchObject({ cookie: `${SESSION_COOKIE}=the-session-id`, 'x-csrf-token': 'the-csrf-token' });
      expect(sent).not.toHaveProperty('authorization');
    }
  });

  it("refuses a sign-in that set no cookie, and keeps the manager's words for a refused one", async () => {
    manager.answer(jsonAnswer(200, { user: aUser(), csrfToken: 'x' }));
    await expect(ManagerClient.signIn({ baseUrl }, { username: 'alice', password: 'pw' }, CALL)).rejects.toBeInstanceOf(ManagerInvalidAnswerError);
    manager.answer(jsonAnswer(401, { statusCode: 401, message: 'Wrong username or password' }));
    const refused = await ManagerClient.signIn({ baseUrl }, { username: 'alice', password: 'pw' }, CALL).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ManagerAnsweredError);
    expect(refused).toMatchObject({ status: 401, message: 'Wrong username or password' });
  });
});
