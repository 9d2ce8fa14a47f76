import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../apps/manager/test/cluster.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'console-e2e');
/** Creating and starting a real container takes seconds on a loaded two-core machine. */
const LXC_TIMEOUT_MS = 60_000;
const PAGE_TIMEOUT_MS = 15_000;
const NODE_NAME = 'lab-node';

/**
 * The console in a real Chromium against a real manager and a real compute
 * node (both from dist, real LXC in a temporary lxcpath), the way a person
 * uses it: sign in, add the node, then create, start, stop, rename and
 * delete an instance, watching the tables and the LED mirror follow.
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
  const instanceRow = (name: string) => page.locator(`tr[data-instance="${name}"]`);

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
    node = await computeNodeProcess('console-node', lxcPath, scratch);
    const managerDirectory = scratchDirectory('console-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: manager.baseUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('sends a refused token back to the prompt with a message, and signs in at the prompt', async () => {
    await page.goto('/?token=not-the-manager-token');
    const notice = page.getByTestId('sign-in-notice');
    await notice.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(notice)).toContain('The manager refused the token');
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();

    await page.locator('#token').fill(MANAGER_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
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
  });

  it('creates an instance, starts it, and the mirrored LED containers row lights up live', async () => {
    await page.getByRole('link', { name: 'Instances' }).click();
    await createInstance('e2e-web');
    await instanceRow('e2e-web').waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await instanceRow('e2e-web').getAttribute('data-state')).toBe('STOPPED');
    // The row may come first, from the live stream, and the answer to the create just after it.
    await expect
      .poll(() => text(page.getByTestId('instances-announcement')), { timeout: LXC_TIMEOUT_MS })
      .toContain(`Created "e2e-web" on "${NODE_NAME}" (STOPPED)`);

    // A second tab on the node's page watches the LED mirror while the first starts the instance.
    const detail = await context.newPage();
    detail.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      // sessionStorage belongs to one tab: the new tab signs in from the address too.
      await detail.goto(`/nodes?token=${encodeURIComponent(MANAGER_TOKEN)}`);
      await detail.getByRole('link', { name: NODE_NAME }).click();
      await detail.getByTestId('led-matrix').waitFor({ timeout: PAGE_TIMEOUT_MS });
      const containersLit = detail.locator('circle.lit[data-row="0"]');
      expect(await containersLit.count()).toBe(0);

      await instanceRow('e2e-web').getByTestId('start-stop').click();
      await expect
        .poll(() => instanceRow('e2e-web').getAttribute('data-state'), { timeout: LXC_TIMEOUT_MS })
        .toBe('RUNNING');
      await expect.poll(() => containersLit.count(), { timeout: PAGE_TIMEOUT_MS }).toBe(1);
      expect(await detail.locator('circle.lit[data-row="0"][data-column="0"]').count()).toBe(1);
      expect(await text(detail.locator('[data-legend-row="0"]'))).toContain('Containers');
      await expect
        .poll(() => detail.locator('ts-usage-chart polyline').count(), { timeout: PAGE_TIMEOUT_MS })
        .toBeGreaterThan(0);
      await shot('node-detail', detail);
    } finally {
      await detail.close();
    }
    await shot('instances');
  });

  it('stops it, renames it, and deletes it after a confirmation naming it', async () => {
    await instanceRow('e2e-web').getByTestId('start-stop').click();
    await expect.poll(() => instanceRow('e2e-web').getAttribute('data-state'), { timeout: LXC_TIMEOUT_MS }).toBe('STOPPED');

    await instanceRow('e2e-web').getByTestId('rename').click();
    const renameInput = instanceRow('e2e-web').locator('form.rename input');
    await renameInput.fill('e2e-web2');
    await renameInput.press('Enter');
    await instanceRow('e2e-web2').waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await instanceRow('e2e-web').count()).toBe(0);

    await instanceRow('e2e-web2').getByTestId('delete').click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog.getByTestId('confirm-text'))).toContain(`Delete e2e-web2 on ${NODE_NAME}?`);
    await shot('delete-confirmation');
    await dialog.getByTestId('confirm-delete').click();
    await instanceRow('e2e-web2').waitFor({ state: 'detached', timeout: LXC_TIMEOUT_MS });
    await expect
      .poll(() => text(page.getByTestId('instances-announcement')), { timeout: LXC_TIMEOUT_MS })
      .toBe(`Deleted "e2e-web2" on "${NODE_NAME}".`);
  });

  it("shows the node's refusal of a duplicate name beside the name field", async () => {
    await createInstance('e2e-twin');
    await instanceRow('e2e-twin').waitFor({ timeout: LXC_TIMEOUT_MS });
    await createInstance('e2e-twin');
    const nameError = page.getByRole('dialog').getByTestId('error-name');
    await nameError.waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await text(nameError)).toBe(`Node "${NODE_NAME}": An instance named "e2e-twin" already exists`);
    await shot('duplicate-name');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await instanceRow('e2e-twin').count()).toBe(1);
  });

  it('lists every action in the event log, newest first, and raised no script error anywhere', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    const actions = page.locator('[data-testid="event-row"] td:nth-child(2)');
    const instanceActions = async () => (await actions.allInnerTexts()).filter((action) => action.startsWith('instance-'));
    await expect.poll(async () => (await instanceActions()).length, { timeout: PAGE_TIMEOUT_MS }).toBe(7);
    expect(await instanceActions()).toEqual([
      'instance-created',
      'instance-created',
      'instance-deleted',
      'instance-renamed',
      'instance-stopped',
      'instance-started',
      'instance-created',
    ]);
    await shot('events');
    expect(pageErrors).toEqual([]);
  });
});
