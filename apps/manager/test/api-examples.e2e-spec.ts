import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { CSRF_HEADER } from '@tinystack/contracts';
import { sessionCookieLine } from './accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from './cluster.js';
import { httpCall, type Answer } from './http-call.js';
import { finished, type ManagerApi } from './operations.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json'?: { schema: Schema; examples?: Record<string, { value: unknown }> } } };
}
interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

function committedDocument(name: 'compute' | 'manager'): ApiDocument {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'openapi', `${name}.json`), 'utf8')) as ApiDocument;
}

/**
 * Sends requests as Swagger UI pre-fills them from a document: each named body
 * example, else a body built from the properties' examples (or defaults);
 * parameters from their example or default. Path parameters without either
 * (node ids) are left to the reader in Swagger UI, so the test fills them in.
 */
class SwaggerUiPress {
  readonly sentBodies = new Set<string>();

  constructor(
    private readonly document: ApiDocument,
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  operation(method: string, path: string): Operation {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`The document has no ${method} ${path}`);
    return operation;
  }

  /** Every body Swagger UI offers for the operation, by example name. */
  bodies(method: string, path: string): Array<[string, unknown]> {
    const media = this.operation(method, path).requestBody?.content['application/json'];
    if (!media) throw new Error(`${method} ${path} takes no body`);
    if (media.examples) return Object.entries(media.examples).map(([name, example]) => [name, example.value]);
    return [['from the schema', this.sample(media.schema, `${method} ${path}`)]];
  }

  /** `token` null and `headers` send the request as someone else (a session cookie) than the document's token. */
  async press(
    method: string,
    path: string,
    options: { pathValues?: Record<string, string>; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const operation = this.operation(method, path);
    let url = path;
    const query = new URLSearchParams();
    for (const parameter of operation.parameters ?? []) {
      const value = options.pathValues?.[parameter.name] ?? parameter.schema.example ?? parameter.schema.default;
      if (parameter.in === 'path') {
        if (value === undefined) throw new Error(`${method} ${path} needs ${parameter.name}, which the document leaves to the reader`);
        url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      } else if (value !== undefined) {
        query.set(parameter.name, String(value));
      }
    }
    if (options.body !== undefined) this.sentBodies.add(`${method} ${path}`);
    const search = query.size > 0 ? `?${query}` : '';
    const token = options.token === undefined ? this.token : options.token;
    return httpCall(this.baseUrl, method, `${url}${search}`, { body: options.body, token, headers: options.headers });
  }

  /** The path parameters Swagger UI pre-fills, as "name: value". */
  prefilledPathParameters(): string[] {
    return Object.values(this.document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) =>
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'path' && (parameter.schema.example ?? parameter.schema.default) !== undefined)
          .map((parameter) => `${parameter.name}: ${String(parameter.schema.example ?? parameter.schema.default)}`),
      ),
    );
  }

  /** Every operation of the document that takes a body, as "METHOD /path". */
  operationsWithBodies(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        // A JSON body: what Swagger UI pre-fills (an image tarball is the reader's file).
        .filter(([, operation]) => operation.requestBody?.content['application/json'])
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
  }

  private sample(schema: Schema, where: string): Record<string, unknown> {
    const resolved = schema.$ref ? this.document.components.schemas[schema.$ref.split('/').pop()!]! : schema;
    return Object.fromEntries(
      Object.entries(resolved.properties ?? {}).map(([name, property]) => {
        const value = property.example ?? property.default ?? property.enum?.[0];
        // Swagger UI would make one up ("string", 0): no request should depend on that.
        if (value === undefined) throw new Error(`${where}: property ${name} has no example or default`);
        return [name, value];
      }),
    );
  }
}

describeWithLxc('the documents\' request examples, sent as Swagger UI pre-fills them (processes from dist, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let onManager: SwaggerUiPress;
  let onNode: SwaggerUiPress;
  let nodeId: string;
  const api: ManagerApi = (method, path, body) => httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    // Port forwards go to a table of the test's own, never the board's.
    node = await computeNodeProcess('examples', lxcPath, scratch, { env: { NFT_TABLE: `tinystack_test${process.pid}` } });
    const managerDirectory = scratchDirectory('examples-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    onManager = new SwaggerUiPress(committedDocument('manager'), manager.baseUrl, MANAGER_TOKEN);
    onNode = new SwaggerUiPress(committedDocument('compute'), node.baseUrl, COMPUTE_TOKEN);
  });

  afterAll(async () => {
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it("registers a node with the registration example once url and token are the reader's", async () => {
    const [[, example]] = onManager.bodies('POST', '/api/nodes') as Array<[string, Record<string, unknown>]>;
    const registered = await onManager.press('POST', '/api/nodes', { body: { ...example, url: node.baseUrl, token: COMPUTE_TOKEN } });
    expect(registered).toMatchObject({ status: 201, body: { name: example!['name'], state: 'ACTIVE', instancesError: null } });
    nodeId = registered.body.id;
  });

  it('creates an instance on the manager with the first example as it stands, placed by the manager', async () => {
    const [[, example]] = onManager.bodies('POST', '/api/instances');
    const created = await finished(api, await onManager.press('POST', '/api/instances', { body: example }));
    expect(created).toMatchObject({ status: 'succeeded', nodeId, result: { name: 'web1', nodeId, state: 'STOPPED' } });
    expect(created.placement.candidates[0].nodeId).toBe(nodeId);
  });

  it('acts on it through the manager with every action example', async () => {
    const path = '/api/nodes/{nodeId}/instances/{name}';
    const states: Record<string, string> = {};
    for (const [name, body] of onManager.bodies('POST', path)) {
      const answer = await finished(api, await onManager.press('POST', path, { pathValues: { nodeId }, body }));
      expect(answer.status, `action example "${name}": ${JSON.stringify(answer)}`).toBe('succeeded');
      states[name] = answer.result.state;
    }
    expect(states).toEqual({ start: 'RUNNING', stop: 'STOPPED', kill: 'STOPPED', restart: 'RUNNING' });
  });

  it('renames and deletes it through the manager with what the document fills in', async () => {
    const path = '/api/nodes/{nodeId}/instances/{name}';
    const [, stop] = onManager.bodies('POST', path).find(([name]) => name === 'stop')!;
    expect(await finished(api, await onManager.press('POST', path, { pathValues: { nodeId }, body: stop }))).toMatchObject({ status: 'succeeded' });
    const [[, rename]] = onManager.bodies('PUT', path);
    const renamed = await finished(api, await onManager.press('PUT', path, { pathValues: { nodeId }, body: rename }));
    expect(renamed).toMatchObject({ status: 'succeeded', result: { name: 'web2', state: 'STOPPED' } });
    // The delete's force flag is pre-filled with its default, false: fine for a stopped instance.
    expect(await finished(api, await onManager.press('DELETE', path, { pathValues: { nodeId, name: 'web2' } }))).toMatchObject({
      status: 'succeeded',
    });
  });

  it("identifies the node's LED matrix through the manager, and reads the history and the log as pre-filled", async () => {
    const [[, identify]] = onManager.bodies('POST', '/api/nodes/{id}/led/identify');
    expect(await onManager.press('POST', '/api/nodes/{id}/led/identify', { pathValues: { id: nodeId }, body: identify })).toMatchObject({
      status: 202,
      body: { identifying: true },
    });
    expect(await onManager.press('GET', '/api/nodes/{id}/usage/history', { pathValues: { id: nodeId } })).toMatchObject({
      status: 200,
      body: { nodeId },
    });
    const log = await onManager.press('GET', '/api/events/log');
    expect(log.status).toBe(200);
    expect(log.body.events.map((entry: { action: string }) => entry.action)).toContain('instance-created');
  });

  it('creates on the node with every create example, then renames or acts with what the document fills in', async () => {
    for (const [name, body] of onNode.bodies('POST', '/instances')) {
      const created = await onNode.press('POST', '/instances', { body });
      expect(created.status, `create example "${name}": ${JSON.stringify(created.body)}`).toBe(201);
      const started = (body as { start?: boolean }).start === true;
      expect(created.body).toMatchObject({ name: 'web1', state: started ? 'RUNNING' : 'STOPPED' });
      if (started) {
        for (const [action, actionBody] of onNode.bodies('POST', '/instances/{id}')) {
          const answer = await onNode.press('POST', '/instances/{id}', { body: actionBody });
          expect(answer.status, `action example "${action}": ${JSON.stringify(answer.body)}`).toBe(200);
        }
        expect((await httpCall(node.baseUrl, 'DELETE', '/instances/web1?force=true', { token: COMPUTE_TOKEN })).status).toBe(204);
      } else {
        const [[, rename]] = onNode.bodies('PUT', '/instances/{id}');
        expect(await onNode.press('PUT', '/instances/{id}', { body: rename })).toMatchObject({ status: 200, body: { name: 'web2' } });
        expect((await onNode.press('DELETE', '/instances/{id}', { pathValues: { id: 'web2' } })).status).toBe(204);
      }
    }
  });

  it('runs every exec example in a running instance and adds and removes every port example', async () => {
    expect((await httpCall(node.baseUrl, 'POST', '/instances', { token: COMPUTE_TOKEN, body: { name: 'web1', start: true } })).status).toBe(201);
    for (const [name, body] of onNode.bodies('POST', '/instances/{id}/exec')) {
      const ran = await onNode.press('POST', '/instances/{id}/exec', { body });
      expect(ran.status, `exec example "${name}": ${JSON.stringify(ran.body)}`).toBe(200);
      expect(ran.body, `exec example "${name}"`).toMatchObject({ exitCode: 0, timedOut: false });
    }
    for (const [name, body] of onNode.bodies('POST', '/instances/{id}/ports')) {
      const added = await onNode.press('POST', '/instances/{id}/ports', { body });
      expect(added.status, `port example "${name}": ${JSON.stringify(added.body)}`).toBe(201);
      const removed = await onNode.press('DELETE', '/instances/{id}/ports/{hostPort}', {
        pathValues: { hostPort: String(added.body.hostPort), protocol: String(added.body.protocol) },
      });
      expect(removed.status, `removing port example "${name}"`).toBe(204);
    }

    // The same examples through the manager, once its poll has seen web1 running (it then belongs to admin).
    await waitFor('the manager to see web1 running', 15_000, async () => {
      const instances = (await httpCall(manager.baseUrl, 'GET', '/api/instances', { token: MANAGER_TOKEN })).body as Array<{ name: string; state: string }>;
      return instances.find((instance) => instance.name === 'web1' && instance.state === 'RUNNING');
    });
    const inManager = '/api/nodes/{nodeId}/instances/{name}';
    for (const [name, body] of onManager.bodies('POST', `${inManager}/exec`)) {
      const ran = await onManager.press('POST', `${inManager}/exec`, { pathValues: { nodeId }, body });
      expect(ran.status, `manager exec example "${name}": ${JSON.stringify(ran.body)}`).toBe(200);
      expect(ran.body, `manager exec example "${name}"`).toMatchObject({ exitCode: 0, timedOut: false });
    }
    for (const [name, body] of onManager.bodies('POST', `${inManager}/ports`)) {
      const added = await onManager.press('POST', `${inManager}/ports`, { pathValues: { nodeId }, body });
      expect(added.status, `manager port example "${name}": ${JSON.stringify(added.body)}`).toBe(201);
      const removed = await onManager.press('DELETE', `${inManager}/ports/{hostPort}`, {
        pathValues: { nodeId, hostPort: String(added.body.hostPort), protocol: String(added.body.protocol) },
      });
      expect(removed.status, `removing manager port example "${name}"`).toBe(204);
    }
    for (const [name, body] of onManager.bodies('POST', `${inManager}/console`)) {
      const ticket = await onManager.press('POST', `${inManager}/console`, { pathValues: { nodeId }, body });
      expect(ticket, `console example "${name}"`).toMatchObject({ status: 201, body: { url: expect.stringMatching(/^\/api\/console\//) } });
    }
    expect((await httpCall(node.baseUrl, 'DELETE', '/instances/web1?force=true', { token: COMPUTE_TOKEN })).status).toBe(204);
  });

  it("sets the node's LED matrix with the pre-filled bodies", async () => {
    const [[, change]] = onNode.bodies('PUT', '/led');
    expect(await onNode.press('PUT', '/led', { body: change })).toMatchObject({ status: 200, body: change as object });
    const [[, identify]] = onNode.bodies('POST', '/led/identify');
    expect(await onNode.press('POST', '/led/identify', { body: identify })).toMatchObject({ status: 202, body: { identifying: true } });
  });

  it("takes the pre-filled join offer with the reader's manager as managerUrl, and says why it could not join", async () => {
    const [[, offer]] = onNode.bodies('POST', '/join/offer');
    const answer = await onNode.press('POST', '/join/offer', { body: { ...(offer as object), managerUrl: manager.baseUrl } });
    expect(answer).toMatchObject({ status: 502, body: { message: expect.stringContaining(`The manager at ${manager.baseUrl}`) } });
  });

  it('runs a class with the account examples: users one by one and from a list, quotas, sign-in, a new password, a token, the class code', async () => {
    const [[, member]] = onManager.bodies('POST', '/api/users') as Array<[string, Record<string, unknown>]>;
    const created = await onManager.press('POST', '/api/users', { body: member });
    expect(created).toMatchObject({ status: 201, body: { username: member!['username'], role: 'member', oneTimePassword: expect.any(String) } });
    const [[, batch]] = onManager.bodies('POST', '/api/users/batch') as Array<[string, { usernames: string[] }]>;
    const listed = await onManager.press('POST', '/api/users/batch', { body: batch });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    expect(listed.body.map((user: { username: string }) => user.username)).toEqual(batch!.usernames);
    const [[, quota]] = onManager.bodies('PUT', '/api/users/{id}') as Array<[string, { quota: object }]>;
    const changed = await onManager.press('PUT', '/api/users/{id}', { pathValues: { id: created.body.id }, body: quota });
    expect(changed).toMatchObject({ status: 200, body: { quota: { ...quota!.quota, overrides: quota!.quota } } });
    const [[, defaults]] = onManager.bodies('PUT', '/api/quota-defaults') as Array<[string, object]>;
    expect(await onManager.press('PUT', '/api/quota-defaults', { body: defaults })).toMatchObject({ status: 200, body: defaults! });

    // The sign-in example's password is the reader's (here the one-time password), and so is the current one after it.
    const oneTime = created.body.oneTimePassword as string;
    const [[, signIn]] = onManager.bodies('POST', '/api/session') as Array<[string, Record<string, unknown>]>;
    const signedIn = await onManager.press('POST', '/api/session', { body: { ...signIn, password: oneTime }, token: null });
    expect(signedIn).toMatchObject({ status: 200, body: { user: { username: member!['username'], mustChangePassword: true } } });
    const cookie = sessionCookieLine(signedIn)!.split(';')[0]!;
    const asMember = { token: null, headers: { cookie, [CSRF_HEADER]: signedIn.body.csrfToken as string } };
    const [[, password]] = onManager.bodies('PUT', '/api/me/password') as Array<[string, Record<string, unknown>]>;
    const chosen = await onManager.press('PUT', '/api/me/password', { ...asMember, body: { ...password, currentPassword: oneTime } });
    expect(chosen).toMatchObject({ status: 200, body: { mustChangePassword: false } });
    const [[, tokenExample]] = onManager.bodies('POST', '/api/tokens');
    const token = await onManager.press('POST', '/api/tokens', { ...asMember, body: tokenExample });
    expect(token).toMatchObject({ status: 201, body: { name: 'cli on lab-pc-3', expiresAt: expect.any(String) } });
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token: token.body.token })).body.user.username).toBe(member!['username']);
    const [[, deviceExample]] = onManager.bodies('POST', '/api/devices');
    const device = await onManager.press('POST', '/api/devices', { ...asMember, body: deviceExample });
    expect(device).toMatchObject({ status: 201, body: { name: 'esp32 on the robot', username: member!['username'], token: expect.stringMatching(/^tsd_/) } });

    const [[, open]] = onManager.bodies('POST', '/api/class-code');
    const code = await onManager.press('POST', '/api/class-code', { body: open });
    expect(code).toMatchObject({ status: 201, body: { code: expect.any(String) } });
    const [[, enrol]] = onManager.bodies('POST', '/api/enrol') as Array<[string, Record<string, unknown>]>;
    const enrolled = await onManager.press('POST', '/api/enrol', { body: { ...enrol, code: code.body.code }, token: null });
    expect(enrolled).toMatchObject({ status: 201, body: { user: { username: enrol!['username'], role: 'member' } } });
  });

  it("makes join tokens with the examples, and refuses the pre-filled join of a board: its example token is no manager's", async () => {
    for (const [name, body] of onManager.bodies('POST', '/api/join-tokens')) {
      const made = await onManager.press('POST', '/api/join-tokens', { body });
      expect(made, name).toMatchObject({ status: 201, body: { token: expect.stringMatching(/^tsj_/), command: expect.stringMatching(/^sudo tinystack-compute join http/) } });
    }
    const [[, join]] = onManager.bodies('POST', '/api/nodes/join');
    expect(await onManager.press('POST', '/api/nodes/join', { body: join, token: null })).toMatchObject({
      status: 401,
      body: { message: 'the join token is not known to this manager' },
    });
  });

  it('publishes, batches, renames, snapshots and limits with the image, batch, snapshot and limits examples through the manager', async () => {
    // The publish example's node is the reader's, as every node id is; its instance must be there, stopped.
    const [[, publish]] = onManager.bodies('POST', '/api/images') as Array<[string, { name: string; fromInstance: { name: string } }]>;
    const source = await finished(api, await api('POST', '/api/instances', { name: publish!.fromInstance.name, nodeId }));
    expect(source.status, JSON.stringify(source)).toBe('succeeded');
    const published = await finished(api, await onManager.press('POST', '/api/images', { body: { ...publish, fromInstance: { ...publish!.fromInstance, nodeId } } }));
    expect(published, JSON.stringify(published)).toMatchObject({ status: 'succeeded', image: publish!.name });
    for (const [name, body] of onManager.bodies('POST', '/api/instances/batch')) {
      const batch = await finished(api, await onManager.press('POST', '/api/instances/batch', { body }), 180);
      expect(batch.status, `batch example "${name}": ${JSON.stringify(batch)}`).toBe('succeeded');
      for (const result of batch.results) expect((await finished(api, await api('DELETE', `/api/nodes/${nodeId}/instances/${result.name}?force=true`))).status).toBe('succeeded');
    }
    const [[, rename], [, describe]] = onManager.bodies('PATCH', '/api/images/{name}') as Array<[string, { name?: string }]>;
    expect(await onManager.press('PATCH', '/api/images/{name}', { body: rename })).toMatchObject({ status: 200, body: { name: rename!.name } });
    expect(await onManager.press('PATCH', '/api/images/{name}', { pathValues: { name: rename!.name! }, body: describe })).toMatchObject({ status: 200 });

    // web1, the name the instance paths pre-fill, stopped: snapshot, restore, delete it; then every limits example.
    expect((await finished(api, await api('POST', '/api/instances', { name: 'web1', nodeId }))).status).toBe('succeeded');
    const snapshots = '/api/nodes/{nodeId}/instances/{name}/snapshots';
    for (const [name, body] of onManager.bodies('POST', snapshots)) {
      expect(await onManager.press('POST', snapshots, { pathValues: { nodeId }, body }), `snapshot example "${name}"`).toMatchObject({ status: 201 });
    }
    const [[, restore]] = onManager.bodies('POST', `${snapshots}/{snap}/restore`);
    expect(await onManager.press('POST', `${snapshots}/{snap}/restore`, { pathValues: { nodeId }, body: restore })).toMatchObject({ status: 200, body: { name: 'web1' } });
    expect((await onManager.press('DELETE', `${snapshots}/{snap}`, { pathValues: { nodeId } })).status).toBe(204);
    for (const [name, body] of onManager.bodies('PATCH', '/api/nodes/{nodeId}/instances/{name}')) {
      const changed = await onManager.press('PATCH', '/api/nodes/{nodeId}/instances/{name}', { pathValues: { nodeId }, body });
      expect(changed.status, `limits example "${name}": ${JSON.stringify(changed.body)}`).toBe(200);
    }
    expect((await finished(api, await api('DELETE', `/api/nodes/${nodeId}/instances/web1`))).status).toBe('succeeded');
  }, 300_000);

  it('pre-fills instance names only: a node id is the reader\'s, and a made-up one would be a 404', () => {
    expect(new Set(onManager.prefilledPathParameters())).toEqual(new Set(['name: web1', 'name: lab1', 'snap: clean']));
    expect(new Set(onNode.prefilledPathParameters())).toEqual(new Set(['id: web1']));
  });

  it('has sent a body for every operation of both documents that takes one', () => {
    expect([...onManager.sentBodies].sort()).toEqual(onManager.operationsWithBodies().sort());
    expect([...onNode.sentBodies].sort()).toEqual(onNode.operationsWithBodies().sort());
  });
});
