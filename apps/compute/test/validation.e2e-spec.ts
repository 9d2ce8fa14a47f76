import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { startComputeTestApp, TEST_TOKEN, type ComputeTestApp } from './compute-test-app.js';

describeWithLxc('compute API: tokens, validation and documents', () => {
  let lxcPath: string;
  let node: ComputeTestApp;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await startComputeTestApp({ LXC_PATH: lxcPath, LXC_TEMPLATES: ['busybox', 'download'] });
  });

  afterAll(async () => {
    await node?.close();
    if (lxcPath) await removeLxcPath(lxcPath);
  });

  it('refuses every API route without the right bearer token', async () => {
    for (const [method, path] of [
      ['GET', '/usage'],
      ['GET', '/instances'],
      ['POST', '/instances'],
      ['GET', '/instances/x'],
      ['POST', '/instances/x'],
      ['PUT', '/instances/x'],
      ['DELETE', '/instances/x'],
      ['POST', '/join/now'],
    ] as const) {
      const missing = await node.call(method, path, undefined, null);
      expect(missing.status, `${method} ${path} without token`).toBe(401);
      expect(missing.body.message).toContain('Authorization: Bearer');
      const wrong = await node.call(method, path, undefined, `${TEST_TOKEN}x`);
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
      expect(wrong.body.message).toBe('The token was not accepted');
    }
  });

  it('answers /health and the documents without a token', async () => {
    const health = await node.call('GET', '/health', undefined, null);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', lxc: { available: true, reason: null } });
    expect(health.body.lxc.version).toMatch(/^\d+\.\d+/);

    const document = await node.call('GET', '/docs-json', undefined, null);
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths).sort()).toEqual([
      '/health',
      '/images',
      '/images/{sha256}',
      '/instances',
      '/instances/{id}',
      '/instances/{id}/exec',
      '/instances/{id}/ports',
      '/instances/{id}/ports/{hostPort}',
      '/instances/{id}/rootfs',
      '/instances/{id}/snapshots',
      '/instances/{id}/snapshots/{snap}',
      '/instances/{id}/snapshots/{snap}/restore',
      '/join/now',
      '/join/offer',
      '/led',
      '/led/identify',
      '/usage',
    ]);

    const ui = await node.call('GET', '/docs', undefined, null);
    expect(ui.status).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });

  it('serves usage figures from the sampler', async () => {
    const usage = await node.call('GET', '/usage');
    expect(usage.status).toBe(200);
    expect(usage.body.memoryTotalBytes).toBeGreaterThan(0);
    expect(usage.body.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(usage.body.cpuPercent).toBeLessThanOrEqual(100);
    expect(Date.now() - Date.parse(usage.body.sampledAt)).toBeLessThan(10_000);
  });

  it.each([
    ['an empty name', ''],
    ['a path trick', '../etc'],
    ['a slash', 'a/b'],
    ['shell metacharacters', 'a;rm -rf /'],
    ['a command substitution', '$(reboot)'],
    ['a leading digit', '1web'],
    ['a trailing hyphen', 'web-'],
    ['an underscore', 'web_1'],
    ['64 characters', `a${'b'.repeat(63)}`],
    ['a number', 42],
  ])('refuses %s as an instance name with a message that says what is allowed', async (_case, name) => {
    const answer = await node.call('POST', '/instances', { name });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('Bad Request');
    expect(answer.body.message).toMatch(/name must be (1 to 63 letters, digits or hyphens|a string)/);
  });

  it('refuses bad names in the path, including encoded path tricks', async () => {
    for (const id of ['..%2Fetc', 'a%3Bb', `a${'b'.repeat(63)}`, '-x']) {
      const answer = await node.call('GET', `/instances/${id}`);
      expect(answer.status, id).toBe(400);
      expect(answer.body.message).toContain('id must be 1 to 63 letters');
    }
  });

  it('refuses unknown properties, bad actions and out-of-range values', async () => {
    const extra = await node.call('POST', '/instances', { name: 'ok1', flavour: 'ubuntu' });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('property flavour should not exist');

    const action = await node.call('POST', '/instances/ok1', { action: 'explode' });
    expect(action.status).toBe(400);
    expect(action.body.message).toBe('action must be one of: start, stop, restart');

    const timeout = await node.call('POST', '/instances/ok1', { action: 'stop', timeoutSeconds: 0 });
    expect(timeout.status).toBe(400);
    expect(timeout.body.message).toBe('timeoutSeconds must be at least 1');

    const start = await node.call('POST', '/instances', { name: 'ok1', start: 'yes' });
    expect(start.status).toBe(400);
    expect(start.body.message).toBe('start must be true or false');

    const several = await node.call('POST', '/instances', { name: '', start: 'yes' });
    expect(several.status).toBe(400);
    expect(several.body.details).toHaveLength(2);

    const malformed = await node.call('POST', '/instances', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400);
  });

  it('refuses templates outside the allow-list and leaves nothing behind', async () => {
    const answer = await node.call('POST', '/instances', { name: 'tmpl1', template: 'ubuntu' });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('template "ubuntu" is not offered by this node; allowed: busybox, download');
    expect((await node.call('GET', '/instances/tmpl1')).status).toBe(404);
  });

  it('leaves no half-made container when a template fails', async () => {
    // "download" is allowed here but needs the internet, which these machines lack.
    const answer = await node.call('POST', '/instances', { name: 'broken1', template: 'download' });
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.body.message).toContain('lxc-create');
    expect((await node.call('GET', '/instances/broken1')).status).toBe(404);
    expect((await node.call('GET', '/instances')).body).toEqual([]);
  });
});
