import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient } from '../apps/manager/test/accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, POLL_INTERVAL_MS, POLL_TIMEOUT_MS, scratchDirectory } from '../apps/manager/test/cluster.js';
import { MqttTestClient } from '../apps/manager/test/mqtt-client.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { waitFor } from '../apps/manager/test/wait-for.js';
import { axeViolations } from './axe.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'mqtt-e2e');
const PAGE_TIMEOUT_MS = 15_000;
/** The page reads the clients list every 5 s. */
const CLIENTS_TIMEOUT_MS = 5_000 + PAGE_TIMEOUT_MS;
const NODE_NAME = 'mqtt-node';
const LEARNER = 'lena';
const LEARNER_PASSWORD = 'lena chose a long password';
const DEVICE_ID = 'lena-esp32';

/**
 * The MQTT page in a real Chromium against a real manager and a real compute
 * node (real LXC): a learner opens it, sees the broker's address and her
 * examples, and the page connects over MQTT on WebSocket with her session
 * cookie; her device (the npm `mqtt` client, a device token) publishes under
 * her space and she sees the message in the live view, with the cloud's own
 * topics, and the device among her connected clients; the teacher sees
 * everyone's clients. The page passes axe-core.
 */
describeInChromiumWithLxc('the MQTT page in the console (real manager, real compute node, real LXC, real mqtt client)', () => {
  const scratch: string[] = [];
  const contexts: BrowserContext[] = [];
  const devices: MqttTestClient[] = [];
  const pageErrors: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let browser: Browser;
  let learner: Page;
  let deviceToken = '';
  let mqttUrl = '';

  const shot = (name: string, on: Page) => on.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const words = async (locator: Locator) => ((await locator.textContent({ timeout: PAGE_TIMEOUT_MS })) ?? '').replace(/\s+/g, ' ').trim();
  const topicPayload = (on: Page, topic: string) => on.locator(`tr[data-topic="${topic}"] [data-testid="mqtt-topic-payload"]`);
  const clientRow = (on: Page, clientId: string) => on.locator(`tr[data-testid="mqtt-client-row"][data-client="${clientId}"]`);

  async function newBrowserPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: manager.baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs: number): Promise<string> {
    return waitFor(`${locator} to read ${expected}`, timeoutMs, async () => {
      const text = (await locator.count()) > 0 ? await words(locator) : '';
      return (typeof expected === 'string' ? text === expected : expected.test(text)) ? text : undefined;
    });
  }

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    lxcPath = await createTemporaryLxcPath();
    node = await computeNodeProcess('mqtt-console-node', lxcPath, scratch);
    const managerDirectory = scratchDirectory('mqtt-console-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    const admin = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    const registered = await admin('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: NODE_NAME });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const created = await admin('POST', '/api/users/batch', { usernames: [LEARNER] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Her password chosen and a device token made outside the browser: the page under test is the MQTT page.
    const tab = new CookieClient(manager.baseUrl);
    const oneTimePassword = (created.body as Array<{ oneTimePassword: string }>)[0]!.oneTimePassword;
    expect((await tab.signIn(LEARNER, oneTimePassword)).status).toBe(200);
    expect((await tab.call('PUT', '/api/me/password', { currentPassword: oneTimePassword, newPassword: LEARNER_PASSWORD })).status).toBe(200);
    const device = await tab.call('POST', '/api/devices', { name: 'esp32 on the greenhouse' });
    expect(device.status, JSON.stringify(device.body)).toBe(201);
    deviceToken = device.body.token;
    mqttUrl = `mqtt://127.0.0.1:${(await admin('GET', '/api/mqtt')).body.port}`;
    browser = await launchChromium();
    learner = await newBrowserPage();
  });

  afterAll(async () => {
    await Promise.allSettled(devices.map((device) => device.end()));
    await browser?.close();
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it("shows a learner the broker's address and her examples, and goes live over WebSocket with her session", async () => {
    await learner.goto('/sign-in');
    await learner.locator('#username').fill(LEARNER);
    await learner.locator('#password').fill(LEARNER_PASSWORD);
    await learner.getByRole('button', { name: 'Sign in', exact: true }).click();
    await learner.waitForURL('**/nodes', { timeout: PAGE_TIMEOUT_MS });
    await learner.getByRole('link', { name: 'MQTT', exact: true }).click();
    await learner.waitForURL('**/mqtt', { timeout: PAGE_TIMEOUT_MS });
    const port = new URL(mqttUrl).port;
    expect(await words(learner.getByTestId('mqtt-address'))).toBe(`127.0.0.1:${port}`);
    expect(await words(learner.getByTestId('mqtt-example-publish'))).toBe(`mosquitto_pub -h 127.0.0.1 -p ${port} -u ${LEARNER} -P '<your token>' -t 'class/${LEARNER}/hello' -m 'hello'`);
    await waitForText(learner.getByTestId('mqtt-feed-status'), 'Live', PAGE_TIMEOUT_MS);
    // The cloud's own topics arrive with the viewer's: a retained node state at once, usage after the next polls.
    await waitForText(topicPayload(learner, `tinystack/nodes/${NODE_NAME}/state`), /"state":"ACTIVE"/, PAGE_TIMEOUT_MS);
    await waitForText(topicPayload(learner, `tinystack/nodes/${NODE_NAME}/usage`), /"cpuPercent"/, 2 * POLL_INTERVAL_MS + POLL_TIMEOUT_MS + PAGE_TIMEOUT_MS);
    // The page's own connection is hers, over WebSocket.
    await waitForText(learner.locator('tr[data-testid="mqtt-client-row"]').filter({ hasText: 'WebSocket' }).first(), /lena/, CLIENTS_TIMEOUT_MS);
    expect(await axeViolations(learner), 'axe-core on the MQTT page').toEqual([]);
    await shot('mqtt-page', learner);
  });

  it('shows what her device publishes under her space, the last message per topic, and the device among her clients', async () => {
    const device = await MqttTestClient.connect(mqttUrl, { username: LEARNER, password: deviceToken, clientId: DEVICE_ID });
    devices.push(device);
    await device.publish(`class/${LEARNER}/greenhouse/temperature`, '21.5');
    await waitForText(topicPayload(learner, `class/${LEARNER}/greenhouse/temperature`), '21.5', PAGE_TIMEOUT_MS);
    await device.publish(`class/${LEARNER}/greenhouse/temperature`, '22.0');
    await device.publish(`class/${LEARNER}/greenhouse/door`, 'open', { retain: true });
    await waitForText(topicPayload(learner, `class/${LEARNER}/greenhouse/temperature`), '22.0', PAGE_TIMEOUT_MS);
    await waitForText(topicPayload(learner, `class/${LEARNER}/greenhouse/door`), 'open', PAGE_TIMEOUT_MS);
    expect(await learner.locator(`tr[data-topic="class/${LEARNER}/greenhouse/temperature"]`).count()).toBe(1);

    const row = clientRow(learner, DEVICE_ID);
    await row.waitFor({ timeout: CLIENTS_TIMEOUT_MS });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(0, 4)).toEqual([DEVICE_ID, LEARNER, '127.0.0.1', 'TCP']);
    await waitFor('the device\'s three messages to be counted', CLIENTS_TIMEOUT_MS, async () => ((await row.locator('td').nth(5).innerText()) === '3' ? true : undefined));
    await shot('mqtt-page-device', learner);
  });

  it("shows the teacher everyone's clients, the learner's device among them", async () => {
    const teacher = await newBrowserPage();
    await teacher.goto(`/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
    await teacher.waitForURL((url) => url.pathname === '/nodes', { timeout: PAGE_TIMEOUT_MS });
    await teacher.getByRole('link', { name: 'MQTT', exact: true }).click();
    const row = clientRow(teacher, DEVICE_ID);
    await row.waitFor({ timeout: CLIENTS_TIMEOUT_MS });
    expect(await row.locator('td').nth(1).innerText()).toBe(LEARNER);
    // The learner's own page: her clients only, the teacher's WebSocket not among them.
    await learner.reload();
    await clientRow(learner, DEVICE_ID).waitFor({ timeout: CLIENTS_TIMEOUT_MS });
    expect(await learner.locator('tr[data-testid="mqtt-client-row"] td:nth-child(2)').allInnerTexts()).toEqual(expect.arrayContaining([LEARNER]));
    expect(await learner.locator('tr[data-testid="mqtt-client-row"] td:nth-child(2)').allInnerTexts()).not.toContain('admin');
    expect(pageErrors).toEqual([]);
  });
});
