import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import {
  COMPUTE_TOKEN,
  computeNodeProcess,
  MANAGER_TOKEN,
  managerProcess,
  pathWith,
  scratchDirectory,
  slowToolDirectory,
} from '../apps/manager/test/cluster.js';
import { httpCall, type Answer } from '../apps/manager/test/http-call.js';
import { change, finished } from '../apps/manager/test/operations.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { FakeComputeNode } from '../bench/manager-fake-node.js';
import { cumulativeLayoutShift, describeLayoutShifts, PHONE_CONTEXT, WATCH_LAYOUT_SHIFTS, type LayoutShift } from '../bench/layout-shift.js';
import { axeViolations } from './axe.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';
import { focused, focusLosses, hasFocus, tabTo, watchFocusLosses } from './keyboard.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'console-e2e');
/** Creating and starting a real container takes seconds on a loaded two-core machine. */
const LXC_TIMEOUT_MS = 60_000;
const PAGE_TIMEOUT_MS = 15_000;
const NODE_NAME = 'lab-node';
/**
 * The node's lxc-create and lxc-stop sleep this long first, as on a slow
 * board: long enough to look at a create or a stop while it runs.
 */
const SLOW_CREATE_SECONDS = 3;
const SLOW_STOP_SECONDS = 4;

/**
 * The console in a real Chromium against a real manager and a real compute
 * node (both from dist, real LXC in a temporary lxcpath), the way a person
 * uses it: sign in, add the node, then create, start, stop, rename and
 * delete an instance with the keyboard alone, watching the tables, the LED
 * mirror and where focus is follow; every page and dialog passes axe-core.
 * Each change is an operation: the page shows it on its row while it runs
 * (its node is slow on purpose), with no request kept open meanwhile.
 */
describeInChromiumWithLxc('admin console in Chromium (real manager, real compute node, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string, on: Page = page) => on.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const text = (locator: Locator) => locator.innerText({ timeout: PAGE_TIMEOUT_MS });
  /** The text content with white space collapsed: a button's visible words and its visually hidden ones. */
  const words = async (locator: Locator) => ((await locator.textContent({ timeout: PAGE_TIMEOUT_MS })) ?? '').replace(/\s+/g, ' ').trim();
  const instanceRow = (name: string) => page.locator(`tr[data-instance="${name}"]`);
  const announcement = () => text(page.getByTestId('instances-announcement'));
  const api = (method: string, path: string, body?: unknown): Promise<Answer> => httpCall(manager.baseUrl, method, path, { body, token: MANAGER_TOKEN });
  /** Requests of the page to the manager's API still waiting for their answer, but the event stream's. */
  const openRequests = new Set<Request>();
  const openCalls = () =>
    [...openRequests].map((request) => new URL(request.url())).filter((url) => url.pathname.startsWith('/api/') && url.pathname !== '/api/events').map(String);

  async function expectNoAxeViolations(where: string, on: Page = page): Promise<void> {
    expect(await axeViolations(on), `axe-core on ${where}`).toEqual([]);
  }

  /** After a step of the keyboard walk: focus is on `target`, and it never fell to <body> meanwhile. */
  async function expectFocusAfter(step: string, target: Locator): Promise<void> {
    const reached = await expect
      .poll(() => hasFocus(target), { timeout: PAGE_TIMEOUT_MS })
      .toBe(true)
      .then(
        () => true,
        () => false,
      );
    expect(reached ? 'the expected element' : await focused(page), `focus after ${step}`).toBe('the expected element');
    expect(await focusLosses(page), `focus during ${step}`).toEqual([]);
  }

  async function createInstance(name: string): Promise<void> {
    await page.getByRole('button', { name: 'New instance' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#instance-name').fill(name);
    await dialog.locator('#instance-node').selectOption({ label: NODE_NAME });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  }

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    lxcPath = await createTemporaryLxcPath();
    const slowCreate = slowToolDirectory('lxc-create', SLOW_CREATE_SECONDS, scratch);
    const slowStop = slowToolDirectory('lxc-stop', SLOW_STOP_SECONDS, scratch);
    // The machine's own /proc, /sys and /etc rather than the sampler's fixture: on the fixture the node's
    // readiness checks fail, and its LED then alternates with the not-ready pattern, whose row 0 is not the
    // containers row this test watches.
    node = await computeNodeProcess('console-node', lxcPath, scratch, {
      env: { PATH: `${slowCreate}:${pathWith(slowStop)}`, PROC_ROOT: '/' },
    });
    const managerDirectory = scratchDirectory('console-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: manager.baseUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => openRequests.add(request));
    page.on('requestfinished', (request) => openRequests.delete(request));
    page.on('requestfailed', (request) => openRequests.delete(request));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('sends a refused token back to the sign-in page with a message, and signs in there with the manager token', async () => {
    await page.goto('/?token=not-the-manager-token');
    const notice = page.getByTestId('sign-in-notice');
    await notice.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(notice)).toContain('The manager refused the token');
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();
    await expectNoAxeViolations('the sign-in page with a refused token');

    await page.getByText('Teacher: sign in with the manager token').click();
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    expect(await text(page.locator('#token-error'))).toBe('Enter the manager token.');
    expect(await page.locator('#token').getAttribute('aria-describedby')).toBe('token-error');
    await expectNoAxeViolations('the sign-in page with a field error');

    await page.locator('#token').fill(MANAGER_TOKEN);
    await page.getByRole('button', { name: 'Sign in with the token' }).click();
    await page.waitForURL('**/nodes', { timeout: PAGE_TIMEOUT_MS });
  });

  it('signs in once from ?token= in the address, removes it from the address bar, and goes live', async () => {
    const fresh = await context.newPage();
    try {
      await fresh.goto(`/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
      await fresh.waitForURL((url) => url.pathname === '/nodes' && !url.search.includes('token'), { timeout: PAGE_TIMEOUT_MS });
      await fresh.locator('[data-testid="live-indicator"][data-status="live"]').waitFor({ timeout: PAGE_TIMEOUT_MS });
      expect(await text(fresh.getByTestId('live-indicator'))).toBe('Live');
      expect(await fresh.getByRole('link', { name: /API docs/ }).getAttribute('href')).toBe('/api/docs');
    } finally {
      await fresh.close();
    }
  });

  it('shows a refused registration beside the address, then adds the node and shows it ACTIVE with figures', async () => {
    await page.goto('/nodes');
    await page.locator('#node-url').fill('ftp://10.0.0.1:7001');
    await page.locator('#node-token').fill(COMPUTE_TOKEN);
    await page.getByRole('button', { name: 'Add node' }).click();
    const urlError = page.getByTestId('error-url');
    await urlError.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(urlError)).toContain('url must start with http:// or https://');
    expect(await page.locator('#node-url').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#node-url').getAttribute('aria-describedby')).toBe('node-url-hint node-url-error');
    await expectNoAxeViolations('the nodes page with a refused registration');

    await page.locator('#node-url').fill(node.baseUrl);
    await page.locator('#node-name').fill(NODE_NAME);
    await page.getByRole('button', { name: 'Add node' }).click();
    const row = page.locator('tr[data-testid="node-row"][data-state="ACTIVE"]');
    await row.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(row.locator('.node-name'))).toBe(NODE_NAME);
    expect(await text(row.getByTestId('node-cpu'))).toMatch(/^\d+\.\d %$/);
    expect(await text(row.getByTestId('node-memory'))).toMatch(/^\d+\.\d %$/);
    expect(await text(row.getByTestId('node-rx'))).toMatch(/ (k|M)?B\/s$/);
    expect(await text(row.getByTestId('node-instances'))).toBe('0 running / 0');
    // Live: the poll latency is filled in by the manager's polls, not by a reload.
    await expect.poll(() => text(row.getByTestId('node-latency')), { timeout: PAGE_TIMEOUT_MS }).toMatch(/ ms$/);
    expect(await text(page.getByTestId('nodes-announcement'))).toContain(`Registered node "${NODE_NAME}" (ACTIVE)`);
    await shot('nodes');
    await expectNoAxeViolations('the nodes page');
  });

  it('opens "create instance here" as a modal dialog that passes axe, and Escape gives focus back to its button', async () => {
    const create = page.locator('tr[data-testid="node-row"]').getByRole('button', { name: `Create an instance on ${NODE_NAME}` });
    await create.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    expect(await text(dialog.locator('h2'))).toBe(`Create an instance on ${NODE_NAME}`);
    expect(await hasFocus(dialog.locator('#instance-name'))).toBe(true);
    await expectNoAxeViolations('the "create instance here" dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(create)).toBe(true);
  });

  it('skips to the content from the first Tab without loading the app again', async () => {
    await page.goto('/instances');
    await page.getByTestId('new-instance').waitFor({ timeout: PAGE_TIMEOUT_MS });
    await page.evaluate(() => {
      document.documentElement.dataset['loadedOnce'] = 'yes';
    });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a "Skip to content"');
    await page.keyboard.press('Enter');
    await expect.poll(() => hasFocus(page.locator('main')), { timeout: PAGE_TIMEOUT_MS }).toBe(true);
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe('/instances');
    expect(await page.evaluate(() => document.documentElement.dataset['loadedOnce'])).toBe('yes');
    await page.keyboard.press('Tab');
    expect(await hasFocus(page.getByTestId('new-instance'))).toBe(true);
  });

  it('creates an instance with the keyboard alone: Tab stays inside the dialog, focus comes back to "New instance"', async () => {
    await watchFocusLosses(page);
    const newInstance = page.getByTestId('new-instance');
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectFocusAfter('opening the create dialog', dialog.locator('#instance-name'));
    await expectNoAxeViolations('the create dialog');

    // Twenty-two Tabs forward and back go round the dialog's eleven controls (name, create from, node, four limits,
    // start, autostart, Cancel, Create), never to the page behind it.
    for (const key of ['Tab', 'Shift+Tab']) {
      const visited = new Set<string>();
      for (let press = 1; press <= 22; press++) {
        await page.keyboard.press(key);
        expect(await dialog.evaluate((element) => element.contains(document.activeElement)), `${key} ${press} (on ${await focused(page)})`).toBe(true);
        visited.add(await focused(page));
      }
      expect(visited.size).toBe(11);
    }

    await tabTo(page, dialog.locator('#instance-name'));
    await page.keyboard.type('e2e-web');
    await tabTo(page, dialog.locator('#instance-node'));
    await page.keyboard.press('ArrowDown');
    expect((await dialog.locator('#instance-node option:checked').innerText()).trim()).toBe(NODE_NAME);
    await tabTo(page, dialog.getByRole('button', { name: 'Create', exact: true }));
    await page.keyboard.press('Enter');
    // The manager accepts the create at once: the dialog goes, and the create shows on a row of its own while it runs.
    await dialog.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    await expectFocusAfter('creating', newInstance);
    const creating = page.locator('tr[data-unlisted="e2e-web"]');
    expect(await words(creating.getByTestId('instance-operation'))).toBe(`creating on ${NODE_NAME}…`);
    expect(await creating.getByTestId('start-stop').getAttribute('aria-disabled')).toBe('true');
    expect(await announcement()).toBe(`Creating "e2e-web" on "${NODE_NAME}"…`);
    await shot('instances-creating');
    await expectNoAxeViolations('the instances page with a create running');
    await instanceRow('e2e-web').waitFor({ timeout: LXC_TIMEOUT_MS });
    // The row may come first, from the live stream, and the end of the operation just after it.
    await expect.poll(announcement, { timeout: LXC_TIMEOUT_MS }).toBe(`Created "e2e-web" on "${NODE_NAME}" (STOPPED).`);
    expect(await instanceRow('e2e-web').getAttribute('data-state')).toBe('STOPPED');
    expect(await creating.count()).toBe(0);
    expect(await focusLosses(page), 'focus while the create ran').toEqual([]);
  });

  it('starts it from the keyboard, focus staying on the button, and the mirrored LED containers row lights up live', async () => {
    const startStop = instanceRow('e2e-web').getByTestId('start-stop');
    await tabTo(page, startStop);

    // A second tab on the node's page watches the LED mirror while the first starts the instance.
    const detail = await context.newPage();
    detail.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      // The tabs share the session cookie: the new one is signed in already.
      await detail.goto('/nodes');
      await detail.getByRole('link', { name: NODE_NAME }).click();
      await detail.getByTestId('led-matrix').waitFor({ timeout: PAGE_TIMEOUT_MS });
      const containersLit = detail.locator('circle.lit[data-row="0"]');
      expect(await containersLit.count()).toBe(0);

      await page.keyboard.press('Enter');
      await expect.poll(announcement, { timeout: LXC_TIMEOUT_MS }).toBe(`Started "e2e-web" on "${NODE_NAME}" (now RUNNING).`);
      expect(await instanceRow('e2e-web').getAttribute('data-state')).toBe('RUNNING');
      await expectFocusAfter('starting', startStop);
      expect(await words(startStop)).toBe('Stop e2e-web');
      await expect.poll(() => containersLit.count(), { timeout: PAGE_TIMEOUT_MS }).toBe(1);
      expect(await detail.locator('circle.lit[data-row="0"][data-column="0"]').count()).toBe(1);
      expect(await text(detail.locator('[data-legend-row="0"]'))).toContain('Containers');
      await expect
        .poll(() => detail.locator('ts-usage-chart polyline').count(), { timeout: PAGE_TIMEOUT_MS })
        .toBeGreaterThan(0);
      // The node's action lane and reserved creates, empty again once the start is done.
      await expect.poll(() => text(detail.getByTestId('node-actions')), { timeout: PAGE_TIMEOUT_MS }).toBe('none');
      expect(await text(detail.getByTestId('node-reserved'))).toBe('none');
      await shot('node-detail', detail);
      await expectNoAxeViolations('the node detail page', detail);
    } finally {
      await detail.close();
    }
    await shot('instances');
    await expectNoAxeViolations('the instances page');
  });

  it('stops, renames and deletes it from the keyboard, focus landing on the next thing to do each time', async () => {
    const row = instanceRow('e2e-web');
    const startStop = row.getByTestId('start-stop');
    await page.keyboard.press('Enter');
    // The stop runs for seconds on this board: its row says so, its buttons busy and the focused one still focused.
    await row.getByTestId('instance-operation').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await words(row.getByTestId('instance-operation'))).toBe('stopping…');
    expect(await row.getAttribute('data-operation')).toBe('stop');
    expect(await startStop.getAttribute('aria-disabled')).toBe('true');
    expect(await row.getByTestId('delete').getAttribute('aria-disabled')).toBe('true');
    expect(await hasFocus(startStop)).toBe(true);
    expect(await announcement()).toBe(`Stopping "e2e-web" on "${NODE_NAME}"…`);
    // No request is kept open for the length of the stop: its end comes on the event stream.
    await expect.poll(openCalls, { timeout: PAGE_TIMEOUT_MS }).toEqual([]);
    expect(await row.getAttribute('data-operation'), 'the stop is still running').toBe('stop');
    await shot('instances-stopping');
    await expectNoAxeViolations('the instances page with a stop running');
    await expect.poll(announcement, { timeout: LXC_TIMEOUT_MS }).toBe(`Stopped "e2e-web" on "${NODE_NAME}" (now STOPPED).`);
    expect(await row.getAttribute('data-state')).toBe('STOPPED');
    expect(await row.getAttribute('data-operation')).toBeNull();
    await expectFocusAfter('stopping', startStop);
    expect(await words(startStop)).toBe('Start e2e-web');

    await tabTo(page, instanceRow('e2e-web').getByTestId('rename'));
    await page.keyboard.press('Enter');
    const renameInput = instanceRow('e2e-web').locator('form.rename input');
    await expectFocusAfter('opening the rename form', renameInput);
    await expectNoAxeViolations('the instances page with the rename form open');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('e2e-web2');
    await page.keyboard.press('Enter');
    await instanceRow('e2e-web2').waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await instanceRow('e2e-web').count()).toBe(0);
    await expectFocusAfter('renaming', instanceRow('e2e-web2').getByTestId('rename'));

    await tabTo(page, instanceRow('e2e-web2').getByTestId('delete'));
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await expectFocusAfter('opening the delete confirmation', dialog.getByRole('button', { name: 'Keep it' }));
    expect(await text(dialog.getByTestId('confirm-text'))).toContain(`Delete e2e-web2 on ${NODE_NAME}?`);
    await shot('delete-confirmation');
    await expectNoAxeViolations('the delete confirmation');
    await tabTo(page, dialog.getByTestId('confirm-delete'));
    await page.keyboard.press('Enter');
    await instanceRow('e2e-web2').waitFor({ state: 'detached', timeout: LXC_TIMEOUT_MS });
    // It was the only row: focus goes to "New instance".
    await expectFocusAfter('deleting', page.getByTestId('new-instance'));
    await expect.poll(announcement, { timeout: LXC_TIMEOUT_MS }).toBe(`Deleted "e2e-web2" on "${NODE_NAME}".`);
  });

  it('shows a refused field beside it in the create dialog, and keeps the dialog for a correction', async () => {
    await page.getByTestId('new-instance').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('#instance-name').fill('1bad');
    await dialog.locator('#instance-node').selectOption({ label: NODE_NAME });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const nameError = dialog.getByTestId('error-name');
    await nameError.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(nameError)).toMatch(/^name must be 1 to 63 letters, digits or hyphens, starting with a letter/);
    expect(await dialog.locator('#instance-name').getAttribute('aria-describedby')).toBe('instance-name-hint instance-name-error');
    await shot('refused-name');
    await expectNoAxeViolations('the create dialog with a refused name');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(page.getByTestId('new-instance'))).toBe(true);
  });

  it("shows the node's refusal of a name already taken beside the row of the instance that has it", async () => {
    await createInstance('e2e-twin');
    await instanceRow('e2e-twin').waitFor({ timeout: LXC_TIMEOUT_MS });
    await expect.poll(announcement, { timeout: LXC_TIMEOUT_MS }).toBe(`Created "e2e-twin" on "${NODE_NAME}" (STOPPED).`);
    await createInstance('e2e-twin');
    // Accepted at once: the refusal is the operation's end, from the node.
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(page.getByTestId('new-instance'))).toBe(true);
    const refusal = `Node "${NODE_NAME}": An instance named "e2e-twin" already exists`;
    const rowError = instanceRow('e2e-twin').getByTestId('row-error');
    await rowError.waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await text(rowError)).toBe(refusal);
    await expect.poll(announcement, { timeout: PAGE_TIMEOUT_MS }).toBe(`Could not create "e2e-twin": ${refusal}`);
    expect(await instanceRow('e2e-twin').count()).toBe(1);
    expect(await page.locator('tr[data-unlisted]').count()).toBe(0);
    await shot('duplicate-name');
    await expectNoAxeViolations('the instances page with a refused create beside its row');
  });

  it('shows operations begun elsewhere (the CLI, a script) on their rows, live and again after a reload', async () => {
    const nodeId = (await api('GET', '/api/nodes')).body.find((known: { name: string }) => known.name === NODE_NAME).id;
    const twin = instanceRow('e2e-twin');
    const path = `/api/nodes/${nodeId}/instances/e2e-twin`;
    expect(await change(api, 'POST', path, { action: 'start' })).toMatchObject({ status: 'succeeded' });
    await expect.poll(() => twin.getAttribute('data-state'), { timeout: PAGE_TIMEOUT_MS }).toBe('RUNNING');

    const stop = await api('POST', path, { action: 'stop' });
    expect(stop.status).toBe(202);
    await expect.poll(() => twin.getAttribute('data-operation'), { timeout: PAGE_TIMEOUT_MS }).toBe('stop');
    expect(await words(twin.getByTestId('instance-operation'))).toBe('stopping…');
    expect(await twin.getByTestId('start-stop').getAttribute('aria-disabled')).toBe('true');

    // A page loaded while it runs lists it (GET /api/operations?status=running) and shows it on its row too.
    await page.reload();
    await twin.getByTestId('instance-operation').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await words(twin.getByTestId('instance-operation'))).toBe('stopping…');
    expect(await twin.getByTestId('delete').getAttribute('aria-disabled')).toBe('true');
    expect((await finished(api, stop)).status, 'the stop was still running when the page showed it').toBe('succeeded');
    await expect.poll(() => twin.getAttribute('data-operation'), { timeout: PAGE_TIMEOUT_MS }).toBeNull();
    await expect.poll(() => twin.getAttribute('data-state'), { timeout: PAGE_TIMEOUT_MS }).toBe('STOPPED');
    expect(await twin.getByTestId('start-stop').getAttribute('aria-disabled')).toBeNull();
  });

  it('lists every action in the event log, newest first, and raised no script error anywhere', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    const actions = page.locator('[data-testid="event-row"] td:nth-child(2)');
    const instanceActions = async () => (await actions.allInnerTexts()).filter((action) => action.startsWith('instance-'));
    await expect.poll(async () => (await instanceActions()).length, { timeout: PAGE_TIMEOUT_MS }).toBe(9);
    expect(await instanceActions()).toEqual([
      'instance-stopped',
      'instance-started',
      'instance-created',
      'instance-created',
      'instance-deleted',
      'instance-renamed',
      'instance-stopped',
      'instance-started',
      'instance-created',
    ]);
    await shot('events');
    await expectNoAxeViolations('the events page');
    expect(pageErrors).toEqual([]);
  });

  it('shows a node whose answers break the compute contract like an unreachable one, and offers it for no create', async () => {
    const fakeToken = 'fake-node-token-0123456789';
    const broken = new FakeComputeNode('broken-node', fakeToken);
    await broken.listen();
    const registered = await api('POST', '/api/nodes', { url: broken.url, token: fakeToken, name: 'broken-node' });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    try {
      const brokenRule = 'GET /usage: cpuPercent must be a number from 0 to 100 (got "99")';
      broken.answerUsage({ kind: 'json', body: { ...registered.body.usage, cpuPercent: '99' } });
      await page.getByRole('link', { name: 'Nodes', exact: true }).click();
      const row = page.locator(`tr[data-node-id="${registered.body.id}"]`);
      await expect.poll(() => row.getAttribute('data-state'), { timeout: PAGE_TIMEOUT_MS }).toBe('FAULTY');
      expect(await words(row.getByTestId('node-state'))).toBe('✖ FAULTY');
      expect(await text(row.getByTestId('usage-stale'))).toBe('stale figures');
      expect(await text(row.getByTestId('node-cpu'))).toMatch(/^\d+\.\d %$/);
      const problem = page.getByTestId('node-problem').filter({ hasText: 'broken-node' });
      expect(await text(problem.getByTestId('node-last-error'))).toBe(brokenRule);
      expect(await text(problem)).toContain('broken-node is FAULTY');
      await shot('nodes-faulty');
      await expectNoAxeViolations('the nodes page with a FAULTY node');

      await page.getByRole('link', { name: 'Instances' }).click();
      await page.getByTestId('new-instance').click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor({ timeout: PAGE_TIMEOUT_MS });
      expect(await text(dialog.getByTestId('nodes-not-offered'))).toBe('Not offered now: broken-node (FAULTY).');
      expect((await dialog.locator('#instance-node option').allInnerTexts()).map((option) => option.trim())).toEqual([
        'Automatic: the least loaded node',
        NODE_NAME,
      ]);
      await expectNoAxeViolations('the create dialog with a node not offered');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
      expect(pageErrors).toEqual([]);
    } finally {
      await api('DELETE', `/api/nodes/${registered.body.id}`);
      await broken.close();
    }
  });

  it('does not shift its layout on a phone when the nodes arrive after the first paint, nor as they update live', async () => {
    const phone = await browser.newContext({ ...PHONE_CONTEXT, baseURL: manager.baseUrl });
    try {
      const onPhone = await phone.newPage();
      onPhone.on('pageerror', (error) => pageErrors.push(error.message));
      await onPhone.addInitScript({ content: WATCH_LAYOUT_SHIFTS });
      // The nodes come only once the page has been painted without them, as over a slow network:
      // without this the answer may beat the first paint, and a shift would show only now and then.
      let release!: () => void;
      const painted = new Promise<void>((resolve) => (release = resolve));
      await onPhone.route(
        (url) => url.pathname === '/api/nodes' || url.pathname === '/api/events',
        async (route) => {
          await painted;
          await route.continue();
        },
      );
      await onPhone.goto(`/nodes?token=${encodeURIComponent(MANAGER_TOKEN)}`);
      await onPhone.getByText('Loading nodes…').waitFor({ timeout: PAGE_TIMEOUT_MS });
      await shot('nodes-phone-loading', onPhone); // a screenshot waits for a painted frame
      release();
      const row = onPhone.locator('tr[data-testid="node-row"][data-state="ACTIVE"]');
      await expect.poll(() => text(row.getByTestId('node-cpu')), { timeout: PAGE_TIMEOUT_MS }).toMatch(/%$/);
      // Several polls' worth of live figures after the rows arrived.
      await onPhone.waitForTimeout(2000);
      const shifts = (await onPhone.evaluate(() => (window as unknown as { layoutShifts: LayoutShift[] }).layoutShifts)) as LayoutShift[];
      const score = cumulativeLayoutShift(shifts);
      console.log(`Nodes page on a phone (390 x 844): CLS ${score.toFixed(3)} from ${shifts.length} layout shifts`);
      await shot('nodes-phone', onPhone);
      await expectNoAxeViolations('the nodes page on a phone', onPhone);
      // Nothing is wider than the phone: a page that scrolls sideways is also zoomed out by the browser now and then, which moves all of it.
      const phoneWidth = PHONE_CONTEXT.viewport.width;
      expect(await onPhone.evaluate(() => document.documentElement.scrollWidth), `the page width on a ${phoneWidth} px phone`).toBeLessThanOrEqual(phoneWidth);
      expect(score, describeLayoutShifts(shifts).join('\n')).toBeLessThan(0.1);
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
