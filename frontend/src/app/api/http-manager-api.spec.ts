import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { Session } from '../session/session';
import { aNode, anOperation, aUser } from '../../testing/manager-fixtures';
import { AccountsApi } from './accounts-api';
import { ApiError } from './api-error';
import { ManagerApi } from './manager-api';

@Component({ template: '' })
class Blank {}

interface SeenRequest {
  method: string;
  url: string;
  csrf: string | null;
  authorization: string | null;
  credentials: RequestCredentials;
  body: string;
}

describe('the HTTP ports (HttpManagerApi, HttpAccountsApi) on the one ManagerClient', () => {
  let seen: SeenRequest[];
  let answers: Response[];
  let api: ManagerApi;
  let accounts: AccountsApi;
  let session: Session;

  beforeEach(() => {
    seen = [];
    answers = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      seen.push({
        method: request.method,
        url: request.url.replace(location.origin, ''),
        csrf: request.headers.get('x-csrf-token'),
        authorization: request.headers.get('authorization'),
        credentials: request.credentials,
        body: await request.text(),
      });
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
      return answer;
    });
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: '**', component: Blank }])] });
    session = TestBed.inject(Session);
    session.signedIn({ user: aUser(), csrfToken: 'the-csrf-token' });
    api = TestBed.inject(ManagerApi);
    accounts = TestBed.inject(AccountsApi);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it("calls the manager's own origin with the cookie, and sends the CSRF token with every change and never with a read", async () => {
    answers.push(json(200, [aNode()]), json(201, aNode()), json(200, []), new Response(null, { status: 204 }));
    await expect(api.listNodes()).resolves.toEqual([aNode()]);
    await api.registerNode({ url: 'http://10.0.0.21:7001', token: 'node-token' });
    await accounts.listTokens();
    await accounts.revokeToken('t1');
    expect(seen).toEqual([
      { method: 'GET', url: '/api/nodes', csrf: null, authorization: null, credentials: 'same-origin', body: '' },
      {
        method: 'POST',
        url: '/api/nodes',
        csrf: 'the-csrf-token',
        authorization: null,
        credentials: 'same-origin',
        body: '{"url":"http://10.0.0.21:7001","token":"node-token"}',
      },
      { method: 'GET', url: '/api/tokens', csrf: null, authorization: null, credentials: 'same-origin', body: '' },
      { method: 'DELETE', url: '/api/tokens/t1', csrf: 'the-csrf-token', authorization: null, credentials: 'same-origin', body: '' },
    ]);
  });

  it('puts path parameters, query flags and bodies where the document says', async () => {
    answers.push(
      json(200, { events: [], nextBefore: null }),
      json(202, {}),
      json(200, { operations: [], reassigned: [] }),
      json(200, { oneTimePassword: 'k7mpx3qe9dwt' }),
      json(201, []),
    );
    await api.eventLog({ limit: 50, before: 17 });
    await api.identify(aNode().id, 5);
    await accounts.deleteUser('u1', 'reassign');
    await expect(accounts.resetPassword('u1')).resolves.toBe('k7mpx3qe9dwt');
    await accounts.createUsers(['ann', 'bob'], 'member');
    expect(seen.map(({ method, url, body }) => `${method} ${url} ${body}`)).toEqual([
      'GET /api/events/log?limit=50&before=17 ',
      `POST /api/nodes/${aNode().id}/led/identify {"seconds":5}`,
      'DELETE /api/users/u1?instances=reassign ',
      'POST /api/users/u1/reset-password ',
      'POST /api/users/batch {"usernames":["ann","bob"],"role":"member"}',
    ]);
  });

  it('answers a change with the operation the manager accepted (202), sending nothing more for it', async () => {
    const stopping = anOperation();
    answers.push(json(202, stopping), json(202, anOperation({ action: 'delete' })), json(200, [stopping]), json(200, stopping));
    await expect(api.actOnInstance(aNode().id, 'web1', 'stop')).resolves.toEqual(stopping);
    await api.deleteInstance(aNode().id, 'web1', true);
    await expect(api.listOperations({ status: 'running' })).resolves.toEqual([stopping]);
    await expect(api.operation(stopping.id)).resolves.toEqual(stopping);
    expect(seen.map(({ method, url, body }) => `${method} ${url} ${body}`)).toEqual([
      `POST /api/nodes/${aNode().id}/instances/web1 {"action":"stop"}`,
      `DELETE /api/nodes/${aNode().id}/instances/web1?force=true `,
      'GET /api/operations?status=running ',
      `GET /api/operations/${stopping.id} `,
    ]);
  });

  it("turns an error answer into an ApiError with the manager's message and details, still signed in", async () => {
    answers.push(json(400, { statusCode: 400, error: 'Bad Request', message: 'a; b', details: ['a', 'b'] }));
    const error = await api.createInstance({ name: '1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: 'a; b', details: ['a', 'b'] });
    expect(session.user()?.username).toBe('alice');
  });

  it('signs out with the reason on a 401, whichever port met it', async () => {
    answers.push(json(401, { statusCode: 401, error: 'Unauthorized', message: 'The session has expired' }));
    await expect(accounts.listUsers()).rejects.toMatchObject({ status: 401 });
    expect(session.user()).toBeNull();
    expect(session.csrfToken()).toBeNull();
    expect(session.notice()).toEqual({ text: 'You are signed out: The session has expired', refused: true });
  });
});
