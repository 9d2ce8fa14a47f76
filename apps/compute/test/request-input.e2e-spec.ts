import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, TEST_TOKEN, type ComputeTestApp } from './compute-test-app.js';

const UNKNOWN = (key: string) => `property ${key} should not exist (allowed properties are listed in the API documentation)`;

/** A request with exactly these headers (plus the token) and this body, as a client other than ours would send it. */
async function rawCall(node: ComputeTestApp, method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await fetch(`${node.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_TOKEN}`, ...headers },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : text };
}

describeWithLxc('compute API: what request bodies and tokens it accepts', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  const nothingCreated = async () => expect((await node.call('GET', '/instances')).body).toEqual([]);

  it('refuses a form-encoded create with a 415 that names application/json, and creates nothing', async () => {
    const answer = await rawCall(node, 'POST', '/instances', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=form1');
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message:
        'This API takes request bodies as JSON only: send them with "Content-Type: application/json" (this one was application/x-www-form-urlencoded)',
    });
    const text = await rawCall(node, 'PUT', '/led', { 'content-type': 'text/plain' }, '{"brightness": 3}');
    expect(text.status).toBe(415);
    await nothingCreated();
  });

  it('refuses a body over 64 KB with a 413', async () => {
    const answer = await node.call('POST', '/instances', { name: 'big1', template: 'x'.repeat(70 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is too large: this route accepts at most 64 KB',
    });
    await nothingCreated();
  });

  it('refuses JSON nested 3000 deep with a 400, not a 500', async () => {
    const answer = await node.call('POST', '/instances', `{"name": "deep1", "start": ${'['.repeat(3000)}${']'.repeat(3000)}}`);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('The JSON body is nested deeper than 32 levels');
    await nothingCreated();
  });

  it('refuses __proto__, constructor and prototype keys like any unknown property', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const answer = await node.call('POST', '/instances', `{"name": "proto1", "${key}": {"template": "download"}}`);
      expect(answer.status, key).toBe(400);
      expect(answer.body.message, key).toBe(UNKNOWN(key));
    }
    expect((await node.call('POST', '/instances', { name: 'proto1', flavour: 'x' })).body.message).toBe(UNKNOWN('flavour'));
    await nothingCreated();
  });

  it('takes a request without a body where the body is optional', async () => {
    const answer = await node.call('POST', '/led/identify');
    expect(answer.status).toBe(202);
    expect(answer.body.identifying).toBe(true);
  });

  it.each([
    ['a non-ASCII token', `${TEST_TOKEN}é`],
    ['a token over 512 characters', 'x'.repeat(600)],
  ])('refuses %s as malformed, without showing it', async (_case, token) => {
    const answer = await rawCall(node, 'GET', '/usage', { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toMatch(/^The token is malformed: a token is 1 to 512 printable ASCII characters/);
    expect(answer.text).not.toContain(TEST_TOKEN);
    expect(answer.text).not.toContain('xxxxxxxx');
  });
});
