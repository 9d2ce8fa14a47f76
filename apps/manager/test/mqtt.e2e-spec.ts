import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { promisify } from 'node:util';
import { generate } from 'mqtt-packet';
import { NodeState } from '@tinystack/contracts';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient } from './accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, POLL_INTERVAL_MS, POLL_TIMEOUT_MS, scratchDirectory } from './cluster.js';
import { httpCall } from './http-call.js';
import { MqttTestClient } from './mqtt-client.js';
import { change, type ManagerApi } from './operations.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);
const MAX_CONNECTIONS_PER_USER = 4;
const MAX_SUBSCRIPTIONS = 6;
const MAX_MESSAGES_PER_SECOND = 20;
const MAX_MESSAGE_BYTES = 65_536;
const NOT_AUTHORIZED = 5;
const REFUSED = 128;
/** Where the class reaches the manager: what GET /api/mqtt names as the broker's host, whatever the Host header says. */
const ADVERTISED_HOST = 'localhost';

/** The words of a command line as the README writes it (single quotes, no other shell syntax): run without a shell. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

async function refusal(url: string, options: Parameters<typeof MqttTestClient.connect>[1]): Promise<number | undefined> {
  try {
    const client = await MqttTestClient.connect(url, options);
    await client.end();
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

describeWithLxc("the manager's MQTT broker (real manager, real compute nodes, real mqtt clients)", () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  const clients: MqttTestClient[] = [];
  let alpha: SpawnedApp;
  let beta: SpawnedApp;
  let manager: SpawnedApp;
  let admin: ManagerApi;
  let mqttUrl: string;
  const members: Record<'alice' | 'bob', { tab: CookieClient; token: string; tokenId: string; api: ManagerApi }> = {} as never;

  const open = async (username: string, password: string, options: Parameters<typeof MqttTestClient.connect>[1] = {}) => {
    const client = await MqttTestClient.connect(mqttUrl, { username, password, ...options });
    clients.push(client);
    return client;
  };
  const asAdmin = () => open('admin', MANAGER_TOKEN);
  /** The manager's log line with `text` (it reaches the test through a pipe, after the client heard the answer). */
  const logged = (text: string) =>
    waitFor(`the manager to log ${JSON.stringify(text)}`, 5_000, async () => manager.log().split('\n').find((line) => line.includes(text)));
  const as = (who: 'alice' | 'bob', options: Parameters<typeof MqttTestClient.connect>[1] = {}) => open(who, members[who].token, options);

  async function readMqttUrl(): Promise<void> {
    const info = await admin('GET', '/api/mqtt');
    expect(info.status, JSON.stringify(info.body)).toBe(200);
    mqttUrl = `mqtt://127.0.0.1:${info.body.port}`;
  }

  beforeAll(async () => {
    lxcPaths.push(await createTemporaryLxcPath(), await createTemporaryLxcPath());
    alpha = await computeNodeProcess('alpha', lxcPaths[0]!, scratch);
    beta = await computeNodeProcess('beta', lxcPaths[1]!, scratch);
    const managerDirectory = scratchDirectory('mqtt-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory, {
      env: {
        MQTT_PORT: '0',
        MANAGER_ADVERTISE_URL: `http://${ADVERTISED_HOST}:8080`,
        MQTT_MAX_CONNECTIONS_PER_USER: String(MAX_CONNECTIONS_PER_USER),
        MQTT_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
        MQTT_MAX_MESSAGES_PER_SECOND: String(MAX_MESSAGES_PER_SECOND),
      },
    });
    await Promise.all([alpha.start(), beta.start(), manager.start()]);
    admin = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    for (const [node, name] of [[alpha, 'alpha'], [beta, 'beta']] as const) {
      const registered = await admin('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    }
    const created = await admin('POST', '/api/users/batch', { usernames: ['alice', 'bob'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const user of created.body as Array<{ username: 'alice' | 'bob'; oneTimePassword: string }>) {
      const tab = new CookieClient(manager.baseUrl);
      expect((await tab.signIn(user.username, user.oneTimePassword)).status).toBe(200);
      const password = `${user.username}-chose-a-long-password`;
      expect((await tab.call('PUT', '/api/me/password', { currentPassword: user.oneTimePassword, newPassword: password })).status).toBe(200);
      const token = await tab.call('POST', '/api/tokens', { name: 'mqtt test' });
      expect(token.status, JSON.stringify(token.body)).toBe(201);
      members[user.username] = { tab, token: token.body.token, tokenId: token.body.id, api: bearerApi(manager.baseUrl, token.body.token) };
    }
    await readMqttUrl();
  });

  afterEach(async () => {
    await Promise.allSettled(clients.splice(0).map((client) => client.end()));
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.end()));
    await Promise.allSettled([manager, alpha, beta].filter(Boolean).map((app) => app.stop()));
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it("publishes each node's usage after its polls, and keeps each node's state retained", async () => {
    const member = await as('alice');
    const subscribedAt = Date.now();
    expect(await member.subscribe(['tinystack/nodes/+/usage'])).toEqual([0]);
    for (const name of ['alpha', 'beta']) {
      // A fresh figure (not the retained one) within two poll intervals, a poll taking up to its timeout.
      const fresh = await member.next(`tinystack/nodes/${name}/usage`, 2 * POLL_INTERVAL_MS + POLL_TIMEOUT_MS + 1000, (message) => !message.retain);
      expect(fresh.at).toBeGreaterThanOrEqual(subscribedAt);
      const usage = JSON.parse(fresh.payload);
      const listed = (await admin('GET', '/api/nodes')).body.find((node: { name: string }) => node.name === name);
      expect(Object.keys(usage).sort()).toEqual(Object.keys(listed.usage).sort());
    }
    const late = await as('bob');
    await late.subscribe(['tinystack/nodes/alpha/state']);
    const state = await late.next('tinystack/nodes/alpha/state', 5_000);
    expect(state.retain).toBe(true);
    expect(JSON.parse(state.payload)).toMatchObject({ state: NodeState.ACTIVE, since: expect.any(String) });
  });

  it("retains each node's LED frame, and publishes it again only when it changed", async () => {
    const member = await as('alice');
    expect(await member.subscribe(['tinystack/nodes/+/led'])).toEqual([0]);
    const nodes = (await admin('GET', '/api/nodes')).body as Array<{ id: string; name: string }>;
    for (const name of ['alpha', 'beta']) {
      const frame = JSON.parse((await member.next(`tinystack/nodes/${name}/led`, 2 * POLL_INTERVAL_MS + POLL_TIMEOUT_MS + 5000)).payload);
      expect(frame).toMatchObject({ rows: expect.any(Array), brightness: expect.any(Number), blink: expect.any(String), identifying: false });
      expect(frame.rows).toHaveLength(8);
    }
    const alphaId = nodes.find((node) => node.name === 'alpha')!.id;
    const identified = await admin('POST', `/api/nodes/${alphaId}/led/identify`, { seconds: 4 });
    expect(identified.status, JSON.stringify(identified.body)).toBe(202);
    const topic = 'tinystack/nodes/alpha/led';
    const lit = await member.next(topic, 2 * POLL_INTERVAL_MS + POLL_TIMEOUT_MS + 1000, (message) => JSON.parse(message.payload).identifying === true);
    expect(JSON.parse(lit.payload).rows).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
    // Several polls of the same lit frame (the heartbeat row moves at every redraw, so a usage frame changes at most polls): one message.
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_INTERVAL_MS));
    expect(member.on(topic).filter((message) => message.payload === lit.payload)).toHaveLength(1);
    // Back to the usage frame once identifying ends.
    await member.next(topic, 4000 + 2 * POLL_INTERVAL_MS + POLL_TIMEOUT_MS, (message) => message.at > lit.at && JSON.parse(message.payload).identifying === false);
    const late = await as('bob');
    await late.subscribe([topic]);
    expect(await late.next(topic, 5_000)).toMatchObject({ retain: true });
  });

  it("lets a member publish and receive in class/<self>/#, and refuses another member's space both ways", async () => {
    const alice = await as('alice');
    const bob = await as('bob');
    expect(await alice.subscribe(['class/alice/#', 'class/bob/#', 'class/#', '#', 'tinystack/#'])).toEqual([0, REFUSED, REFUSED, REFUSED, 0]);
    expect(await bob.subscribe(['class/bob/#'])).toEqual([0]);
    await alice.publish('class/alice/sensor', '21.5');
    expect((await alice.next('class/alice/sensor', 5_000)).payload).toBe('21.5');
    await alice.publish('class/bob/led', 'from alice');
    await alice.publish('tinystack/nodes/alpha/usage', '{"forged":true}');
    // Bob's own message comes after Alice's: had hers been delivered, it would be there first.
    await bob.publish('class/bob/marker', 'after');
    await bob.next('class/bob/marker', 5_000);
    expect(bob.on('class/bob/led')).toEqual([]);
    expect(alice.on('tinystack/nodes/alpha/usage').some((message) => message.payload.includes('forged'))).toBe(false);
    await logged('Dropped a publish of alice');
  });

  it('refuses anonymous connections, wrong passwords and a token under another name, and limits connections and subscriptions', async () => {
    expect(await refusal(mqttUrl, {})).toBe(NOT_AUTHORIZED);
    expect(await refusal(mqttUrl, { username: 'alice', password: 'ts_not-a-token-of-anyone-at-all-0000000000000' })).toBe(NOT_AUTHORIZED);
    expect(await refusal(mqttUrl, { username: 'bob', password: members.alice.token })).toBe(NOT_AUTHORIZED);
    expect(await refusal(mqttUrl, { username: 'alice', password: MANAGER_TOKEN })).toBe(NOT_AUTHORIZED);
    await logged('Refused MQTT connection "');
    await logged(`the token is not "bob"'s`);
    const log = manager.log();
    expect(log).not.toContain(members.alice.token);
    expect(log).not.toContain('ts_not-a-token-of-anyone');

    const held = [];
    for (let index = 0; index < MAX_CONNECTIONS_PER_USER; index += 1) held.push(await as('bob'));
    expect(await refusal(mqttUrl, { username: 'bob', password: members.bob.token })).toBe(NOT_AUTHORIZED);
    await logged(`the most a member may hold (MQTT_MAX_CONNECTIONS_PER_USER=${MAX_CONNECTIONS_PER_USER})`);
    const filters = Array.from({ length: MAX_SUBSCRIPTIONS + 1 }, (_, index) => `class/bob/${index}`);
    expect(await held[0]!.subscribe(filters)).toEqual([...filters.slice(0, MAX_SUBSCRIPTIONS).map(() => 0), REFUSED]);
  });

  it('drops what a client publishes over its rate', async () => {
    const alice = await as('alice');
    await alice.subscribe(['class/alice/flood']);
    for (let index = 0; index < 10 * MAX_MESSAGES_PER_SECOND; index += 1) alice.client.publish('class/alice/flood', String(index));
    await alice.publish('class/alice/done', 'x');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const received = alice.on('class/alice/flood').length;
    expect(received).toBeGreaterThanOrEqual(MAX_MESSAGES_PER_SECOND);
    expect(received).toBeLessThan(10 * MAX_MESSAGES_PER_SECOND);
    await logged(`over ${MAX_MESSAGES_PER_SECOND} messages a second: dropping`);
  });

  it('disconnects at once the clients of a revoked personal token and of a revoked device token; device tokens work for MQTT only', async () => {
    const device = await members.alice.tab.call('POST', '/api/devices', { name: 'esp32 on the robot' });
    expect(device.status, JSON.stringify(device.body)).toBe(201);
    expect(device.body).toMatchObject({ name: 'esp32 on the robot', username: 'alice', token: expect.stringMatching(/^tsd_[A-Za-z0-9_-]{43}$/) });
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token: device.body.token })).status).toBe(401);
    expect(await refusal(mqttUrl, { username: 'bob', password: device.body.token })).toBe(NOT_AUTHORIZED);
    const board = await open('alice', device.body.token, { clientId: 'alice-robot' });
    const listed = await members.alice.api('GET', '/api/devices');
    expect(listed.body).toEqual([expect.objectContaining({ id: device.body.id, name: 'esp32 on the robot', username: 'alice', connected: true })]);
    expect((await members.bob.api('GET', '/api/devices')).body).toEqual([]);
    expect((await members.bob.api('DELETE', `/api/devices/${device.body.id}`)).status).toBe(404);
    const clients = await members.alice.api('GET', '/api/mqtt/clients');
    expect(clients.body).toEqual([expect.objectContaining({ clientId: 'alice-robot', username: 'alice', transport: 'tcp', address: '127.0.0.1' })]);
    expect((await admin('GET', '/api/mqtt/clients')).body.map((client: { clientId: string }) => client.clientId)).toContain('alice-robot');

    expect((await members.alice.api('DELETE', `/api/devices/${device.body.id}`)).status).toBe(204);
    await board.waitClosed(5_000);
    expect(await refusal(mqttUrl, { username: 'alice', password: device.body.token })).toBe(NOT_AUTHORIZED);

    const bobToken = await members.bob.tab.call('POST', '/api/tokens', { name: 'to revoke' });
    const bob = await open('bob', bobToken.body.token);
    expect((await members.bob.tab.call('DELETE', `/api/tokens/${bobToken.body.id}`)).status).toBe(204);
    await bob.waitClosed(5_000);
  });

  it("signs the console's WebSocket in with its session cookie, from the same origin only", async () => {
    const wsUrl = `${manager.baseUrl.replace('http', 'ws')}/mqtt`;
    const cookie = `tinystack_session=${members.alice.tab.sessionId}`;
    const browser = await MqttTestClient.connect(wsUrl, { wsOptions: { headers: { cookie, origin: manager.baseUrl } } });
    clients.push(browser);
    expect(await browser.subscribe(['class/alice/#', 'class/bob/#'])).toEqual([0, REFUSED]);
    await browser.publish('class/alice/from-browser', 'hi');
    expect((await browser.next('class/alice/from-browser', 5_000)).payload).toBe('hi');
    expect((await members.alice.api('GET', '/api/mqtt/clients')).body.map((client: { transport: string }) => client.transport)).toContain('websocket');
    expect(await refusal(wsUrl, { wsOptions: { headers: { cookie, origin: 'http://elsewhere.example' } } })).toBe(NOT_AUTHORIZED);
  });

  it("publishes each instance's state to its owner only, with the event log's entries, and clears it when the instance is deleted", async () => {
    const alice = await as('alice');
    const bob = await as('bob');
    await alice.subscribe(['tinystack/#']);
    await bob.subscribe(['tinystack/#']);
    const created = await change(members.alice.api, 'POST', '/api/instances', { name: 'alice-mq' });
    expect(created).toMatchObject({ status: 'succeeded' });
    const topic = 'tinystack/instances/alice/alice-mq/state';
    const state = await alice.next(topic, 15_000);
    expect(JSON.parse(state.payload)).toMatchObject({ node: expect.stringMatching(/^(alpha|beta)$/), state: expect.any(String) });
    const entry = await alice.next('tinystack/events', 5_000, (message) => message.payload.includes('alice-mq'));
    expect(JSON.parse(entry.payload)).toMatchObject({ instance: 'alice-mq', owner: 'alice' });
    const late = await asAdmin();
    await late.subscribe([topic]);
    expect((await late.next(topic, 5_000)).retain).toBe(true);

    expect(await change(members.alice.api, 'DELETE', `/api/nodes/${created.nodeId}/instances/alice-mq`)).toMatchObject({ status: 'succeeded' });
    await alice.next(topic, 15_000, (message) => message.payload === '');
    expect(bob.messages.filter((message) => message.topic.startsWith('tinystack/instances/alice/') || message.payload.includes('alice-mq'))).toEqual([]);
  });

  it('closes only the client that sends an oversized message or a malformed packet', async () => {
    const bystander = await as('bob');
    await bystander.subscribe(['class/bob/#']);
    const sender = await as('alice');
    sender.client.publish('class/alice/big', Buffer.alloc(MAX_MESSAGE_BYTES + 1));
    await sender.waitClosed(5_000);
    await logged('over the limit of 65536 (MQTT_MAX_MESSAGE_BYTES)');

    const raw = connectTcp(Number(new URL(mqttUrl).port), '127.0.0.1');
    const rawClosed = new Promise<void>((resolve) => raw.on('close', () => resolve()));
    const connack = new Promise<Buffer>((resolve) => raw.once('data', resolve));
    raw.on('error', () => undefined);
    raw.write(generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'raw', keepalive: 30, username: 'admin', password: Buffer.from(MANAGER_TOKEN) }));
    // CONNACK, accepted: the connection is signed in before the garbage.
    expect([...(await connack)]).toEqual([0x20, 0x02, 0x00, 0x00]);
    raw.write(Buffer.from([0x00, 0x02, 0xff, 0xff]));
    await Promise.race([rawClosed, new Promise((_, reject) => setTimeout(() => reject(new Error('the malformed packet did not close its connection')), 5_000))]);

    expect(bystander.closed).toBe(false);
    await bystander.publish('class/bob/still-here', 'yes');
    expect((await bystander.next('class/bob/still-here', 5_000)).payload).toBe('yes');
  });

  it('serves 200 clients connected at once, each publishing a message a second', async () => {
    const count = 200;
    const seconds = 3;
    const fleet = await Promise.all(Array.from({ length: count }, (_, index) => asAdmin().then(async (client) => {
      await client.subscribe([`load/${index}`]);
      return client;
    })));
    for (let second = 0; second < seconds; second += 1) {
      await Promise.all(fleet.map((client, index) => client.publish(`load/${index}`, `${second}`)));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await waitFor(`every one of ${count} clients to receive its ${seconds} messages`, 20_000, async () =>
      fleet.every((client, index) => client.on(`load/${index}`).length === seconds) ? true : undefined,
    );
    expect(fleet.filter((client) => client.closed)).toEqual([]);
  });

  it("runs the README's mosquitto_sub and mosquitto_pub examples against the manager", async () => {
    const info = await members.alice.api('GET', '/api/mqtt');
    // The request came to 127.0.0.1: the host is MANAGER_ADVERTISE_URL's.
    expect(info.body).toMatchObject({ enabled: true, host: ADVERTISED_HOST, webSocketPath: '/mqtt', topicsYouMayUse: ['class/alice/#', 'tinystack/# (read)'] });
    expect(JSON.stringify(info.body)).not.toContain(members.alice.token);
    const withToken = (line: string) => words(line).map((word) => (word === '<your token>' ? members.alice.token : word));
    const [sub, ...subArgs] = withToken(info.body.examples.subscribe);
    const received = await run(sub!, [...subArgs, '-C', '1', '-W', '10'], { timeout: 15_000 });
    expect(received.stdout).toMatch(/^tinystack\/nodes\/(alpha|beta)\/usage \{/);

    const listener = await as('alice');
    await listener.subscribe(['class/alice/#']);
    const [pub, ...pubArgs] = withToken(info.body.examples.publish);
    await run(pub!, pubArgs, { timeout: 15_000 });
    expect((await listener.next('class/alice/hello', 5_000)).payload).toBe('hello');
  });

  it('keeps retained messages, the subscriptions of clean: false sessions and their queued QoS 1 messages across a manager restart', async () => {
    const alice = await as('alice');
    await alice.publish('class/alice/kept', 'still here', { retain: true, qos: 1 });
    const sensor = await as('alice', { clientId: 'alice-sensor', clean: false });
    expect(await sensor.subscribe(['class/alice/later'], 1)).toEqual([1]);
    await sensor.end();
    // The sensor is offline: its session holds these for it, through the restart.
    const queued = ['queued 1', 'queued 2', 'queued 3'];
    for (const payload of queued) await alice.publish('class/alice/later', payload, { qos: 1 });
    await alice.end();
    await manager.stop();
    await manager.start();
    await readMqttUrl();

    const fresh = await as('alice');
    await fresh.subscribe(['class/alice/kept']);
    expect(await fresh.next('class/alice/kept', 5_000)).toMatchObject({ payload: 'still here', retain: true });
    const resumed = await as('alice', { clientId: 'alice-sensor', clean: false });
    await resumed.next('class/alice/later', 5_000, (message) => message.payload === queued.at(-1));
    await fresh.publish('class/alice/later', 'after the restart', { qos: 1 });
    expect((await resumed.next('class/alice/later', 5_000, (message) => message.payload === 'after the restart')).payload).toBe('after the restart');
    expect(resumed.on('class/alice/later').map((message) => message.payload)).toEqual([...queued, 'after the restart']);
    await logged('queued messages for 1 of them');
    // Acknowledged: a further restart delivers them no more.
    await resumed.end();
    await fresh.end();
    await manager.stop();
    await manager.start();
    await readMqttUrl();
    const again = await as('alice', { clientId: 'alice-sensor', clean: false });
    await again.publish('class/alice/later', 'marker', { qos: 1 });
    await again.next('class/alice/later', 5_000, (message) => message.payload === 'marker');
    expect(again.on('class/alice/later').map((message) => message.payload)).toEqual(['marker']);
  });
});
