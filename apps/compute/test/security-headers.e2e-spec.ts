import { rmSync } from 'node:fs';
import { COMPUTE_TOKEN, computeNodeProcess } from '../../manager/test/cluster.js';
import { rawGet } from '../../manager/test/raw-get.js';
import { expectSecurityHeaders } from '../../manager/test/security-headers.js';
import type { SpawnedApp } from '../../manager/test/spawned-app.js';

/** The node as it runs on a board (the process from dist); no container is needed to answer these. */
describe('compute node (process from dist): security headers on every kind of answer', () => {
  const scratch: string[] = [];
  let node: SpawnedApp;

  beforeAll(async () => {
    node = await computeNodeProcess('headers-node', null, scratch);
    await node.start();
  });

  afterAll(async () => {
    await node?.stop();
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it.each([
    ['/health', 200, false],
    ['/usage', 200, true],
    ['/usage', 401, false],
    ['/no-such-route', 404, true],
    ['/robots.txt', 404, false],
    ['/docs', 200, false],
    ['/docs/swagger-ui-init.js', 200, false],
    ['/docs/swagger-ui-bundle.js', 200, false],
    ['/docs-json', 200, false],
  ])('GET %s answering %i (with the token: %s)', async (path, status, withToken) => {
    const answer = await rawGet(`${node.baseUrl}${path}`, withToken ? { authorization: `Bearer ${COMPUTE_TOKEN}` } : {});
    expect(answer.status, node.log()).toBe(status);
    expectSecurityHeaders(answer.headers, `GET ${path}`);
  });

  it('puts them on a refused request body too', async () => {
    const refused = await fetch(`${node.baseUrl}/instances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${COMPUTE_TOKEN}`, 'content-type': 'application/json' },
      body: '{"name": ',
      signal: AbortSignal.timeout(10_000),
    });
    expect(refused.status).toBe(400);
    expectSecurityHeaders(Object.fromEntries(refused.headers), 'POST /instances with broken JSON');
  });
});
