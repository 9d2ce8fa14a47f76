import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { Session } from '../session/session';
import { aNode, anOperation } from '../../testing/manager-fixtures';
import { ApiError } from './api-error';
import { HttpManagerApi } from './http-manager-api';

@Component({ template: '' })
class Blank {}

interface SeenRequest {
  method: string;
  url: string;
  authorization: string | null;
  body: string;
}

describe('HttpManagerApi', () => {
  let seen: SeenRequest[];
  let answers: Response[];
  let api: HttpManagerApi;
  let session: Session;

  beforeEach(() => {
    seen = [];
    answers = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      seen.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.get('authorization'),
        body: await request.text(),
      });
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
      return answer;
    });
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '**', component: Blank }]), HttpManagerApi],
    });
    session = TestBed.inject(Session);
    session.signIn('the-token');
    api = TestBed.inject(HttpManagerApi);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it("calls the manager's routes on its own origin with the session's bearer token", async () => {
    answers.push(json(200, [aNode()]), json(201, aNode()));
    await expect(api.listNodes()).resolves.toEqual([aNode()]);
    await api.registerNode({ url: 'http://10.0.0.21:7001', token: 'node-token' });
    expect(seen).toEqual([
      { method: 'GET', url: `${location.origin}/api/nodes`, authorization: 'Bearer the-token', body: '' },
      {
        method: 'POST',
        url: `${location.origin}/api/nodes`,
        authorization: 'Bearer the-token',
        body: '{"url":"http://10.0.0.21:7001","token":"node-token"}',
      },
    ]);
  });

  it('puts path parameters, query flags and bodies where the document says', async () => {
    answers.push(json(200, { events: [], nextBefore: null }), json(202, {}));
    await api.eventLog({ limit: 50, before: 17 });
    await api.identify(aNode().id, 5);
    expect(seen.map(({ method, url, body }) => `${method} ${url.replace(location.origin, '')} ${body}`)).toEqual([
      'GET /api/events/log?limit=50&before=17 ',
      `POST /api/nodes/${aNode().id}/led/identify {"seconds":5}`,
    ]);
  });

  it('answers a change with the operation the manager accepted (202), sending nothing more for it', async () => {
    const stopping = anOperation();
    answers.push(json(202, stopping), json(202, anOperation({ action: 'delete' })), json(200, [stopping]), json(200, stopping));
    await expect(api.actOnInstance(aNode().id, 'web1', 'stop')).resolves.toEqual(stopping);
    await api.deleteInstance(aNode().id, 'web1', true);
    await expect(api.listOperations({ status: 'running' })).resolves.toEqual([stopping]);
    await expect(api.operation(stopping.id)).resolves.toEqual(stopping);
    expect(seen.map(({ method, url, body }) => `${method} ${url.replace(location.origin, '')} ${body}`)).toEqual([
      `POST /api/nodes/${aNode().id}/instances/web1 {"action":"stop"}`,
      `DELETE /api/nodes/${aNode().id}/instances/web1?force=true `,
      'GET /api/operations?status=running ',
      `GET /api/operations/${stopping.id} `,
    ]);
  });

  it("turns an error answer into an ApiError with the manager's message and details", async () => {
    answers.push(json(400, { statusCode: 400, error: 'Bad Request', message: 'a; b', details: ['a', 'b'] }));
    const error = await api.createInstance({ name: '1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: 'a; b', details: ['a', 'b'] });
    expect(session.token()).toBe('the-token');
  });

  it('signs out with the reason on a 401, whichever call met it', async () => {
    answers.push(json(401, { statusCode: 401, error: 'Unauthorized', message: 'The token was not accepted' }));
    await expect(api.listInstances()).rejects.toMatchObject({ status: 401 });
    expect(session.token()).toBeNull();
    expect(session.notice()).toEqual({ text: 'The manager refused the token: The token was not accepted', refused: true });
  });
});
