import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { bearerApi } from '../apps/manager/test/accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../apps/manager/test/cluster.js';
import { change, type ManagerApi } from '../apps/manager/test/operations.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { waitFor } from '../apps/manager/test/wait-for.js';
import { axeViolations } from './axe.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, describeInChromiumWithLxc, launchChromium } from './chromium.js';
import { hasFocus } from './keyboard.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'terminal-e2e');
const LXC_TIMEOUT_MS = 60_000;
const PAGE_TIMEOUT_MS = 15_000;
const NODE_NAME = 'term-node';
const INSTANCE = 'term-web';
/** A name for the manager that is not localhost: the page is then not a secure context, as on the classroom's network. */
const LAN_NAME = 'classroom-board.test';
/** A range of the board's ports of this test's own: other tests on this machine forward theirs from 20000-21099. */
const PORT_RANGE = { first: 22_400, last: 22_449 };

/**
 * Runs in every page before its own scripts: records each Content-Security-Policy
 * violation (the terminal adds xterm's stylesheet and opens a WebSocket).
 */
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline'));
  }, true);
`;

/**
 * The terminal and the ports of an instance in a real Chromium, against a
 * real manager and a real compute node (both from dist, real LXC busybox,
 * real nftables in a table of this test's own): open the terminal from the
 * instance list, type a command and read its output in xterm, copy and paste
 * through the clipboard, resize, lose the link to the manager and get it
 * back, see the session end with its reason when the instance stops; then
 * expose a port and open its link, with the refusals beside the fields.
 */
describeInChromiumWithLxc('terminal and ports in the console (real manager, real compute node, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let admin: ManagerApi;
  let nodeId: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const marker = `m${process.pid}x${Date.now() % 100_000}`;

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const text = (locator: Locator) => locator.innerText({ timeout: PAGE_TIMEOUT_MS });
  const instanceRow = () => page.locator(`tr[data-instance="${INSTANCE}"]`);
  const status = () => page.getByTestId('terminal-status');
  /** What xterm shows now: its rows as text (the DOM renderer). */
  const screenText = () => page.locator('.xterm-rows').innerText();
  const base = () => `/api/nodes/${nodeId}/instances/${INSTANCE}`;

  async function expectNoAxeViolations(where: string): Promise<void> {
    expect(await axeViolations(page), `axe-core on ${where}`).toEqual([]);
  }

  async function expectScreen(pattern: RegExp, timeout = PAGE_TIMEOUT_MS): Promise<void> {
    await expect.poll(screenText, { timeout }).toMatch(pattern);
  }

  async function expectStatus(kind: string, timeout = PAGE_TIMEOUT_MS): Promise<void> {
    await expect.poll(() => status().getAttribute('data-status'), { timeout }).toBe(kind);
  }

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    lxcPath = await createTemporaryLxcPath();
    // The machine's own /proc and /sys: the instance's figures come from its real cgroup.
    node = await computeNodeProcess('terminal-node', lxcPath, scratch, {
      env: {
        PROC_ROOT: '/',
        SYS_ROOT: '/',
        NFT_TABLE: `tinystack_term${process.pid}`,
        PORT_RANGE: `${PORT_RANGE.first}-${PORT_RANGE.last}`,
      },
    });
    const managerDirectory = scratchDirectory('terminal-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    admin = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    const registered = await admin('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: NODE_NAME });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    nodeId = registered.body.id;
    expect(await change(admin, 'POST', '/api/instances', { name: INSTANCE, nodeId, start: true })).toMatchObject({ status: 'succeeded' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: manager.baseUrl });
    // The manager is on 127.0.0.1, a secure context: the page may use the Clipboard API.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: manager.baseUrl });
    page = await context.newPage();
    await page.addInitScript({ content: RECORD_VIOLATIONS });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    // Deleting the instance removes its forwards (the node leaves its rules in the kernel when it stops).
    if (admin && nodeId) await change(admin, 'DELETE', `${base()}?force=true`).catch(() => undefined);
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('lists the running instance with its CPU and memory figures and a Terminal action', async () => {
    await page.goto(`/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
    await page.waitForURL((url) => url.pathname === '/nodes', { timeout: PAGE_TIMEOUT_MS });
    await page.getByRole('link', { name: 'Instances' }).click();
    const row = page.locator(`tr[data-instance="${INSTANCE}"][data-state="RUNNING"]`);
    await row.waitFor({ timeout: PAGE_TIMEOUT_MS });
    // CPU needs two samples of the node; the page re-reads the figures every 10 s.
    await expect.poll(() => text(row.getByTestId('instance-cpu')), { timeout: 30_000 }).toMatch(/^\d+\.\d %$/);
    await expect.poll(() => text(row.getByTestId('instance-memory')), { timeout: 30_000 }).toMatch(/^\d+ MB$/);
    expect(await row.getByRole('link', { name: `Terminal of ${INSTANCE}` }).count()).toBe(1);
    await shot('instances');
    await expectNoAxeViolations('the instances page with figures');
  });

  it('opens the terminal from the list: a labelled region with xterm, whose command output shows', async () => {
    await instanceRow().getByRole('link', { name: `Terminal of ${INSTANCE}` }).click();
    await page.waitForURL((url) => url.pathname === `/instances/${nodeId}/${INSTANCE}/terminal`, { timeout: PAGE_TIMEOUT_MS });
    await expectStatus('open');
    expect(await text(status())).toBe(`Connected to "${INSTANCE}" on ${NODE_NAME}.`);
    expect(await status().getAttribute('aria-live')).toBe('polite');
    const region = page.getByRole('region', { name: `Terminal of ${INSTANCE}` });
    expect(await region.count()).toBe(1);
    // xterm's own stylesheet came with the lazy chunk: its input is the hidden textarea it should be.
    const input = region.locator('textarea.xterm-helper-textarea');
    expect(await input.evaluate((element) => getComputedStyle(element).opacity)).toBe('0');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectScreen(/\/ # /);

    await page.keyboard.type(`echo hello-$((6*7))-${marker}`);
    await page.keyboard.press('Enter');
    // The shell's answer, not the echo of what was typed: $((6*7)) became 42.
    await expectScreen(new RegExp(`\\nhello-42-${marker}`));
    await shot('terminal');
    await expectNoAxeViolations('the terminal page');
  });

  it('copies the selection with Ctrl+Shift+C and pastes with Ctrl+Shift+V', async () => {
    const line = page.locator('.xterm-rows > div', { hasText: new RegExp(`^hello-42-${marker}`) }).last();
    const box = (await line.boundingBox())!;
    await page.mouse.dblclick(box.x + 8, box.y + box.height / 2);
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: PAGE_TIMEOUT_MS }).toBe(`hello-42-${marker}`);
    await expect.poll(() => page.getByTestId('clipboard-notice').textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('Copied the selection.');

    await page.evaluate((pasted) => navigator.clipboard.writeText(pasted), `pasted-${marker}`);
    await page.keyboard.type('echo ');
    await page.keyboard.press('Control+Shift+V');
    await page.keyboard.press('Enter');
    await expectScreen(new RegExp(`\\npasted-${marker}`));
  });

  it("copies and pastes at a plain-HTTP address too, as on the classroom's network (no Clipboard API there)", async () => {
    const lan = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      chromiumSandbox: false,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
      timeout: 60_000,
    });
    try {
      const lanContext = await lan.newContext({ viewport: { width: 1280, height: 800 } });
      const lanPage = await lanContext.newPage();
      const address = `http://${LAN_NAME}:${new URL(manager.baseUrl).port}`;
      await lanPage.goto(`${address}/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
      await lanPage.waitForURL((url) => url.pathname === '/nodes', { timeout: PAGE_TIMEOUT_MS });
      expect(await lanPage.evaluate(() => [window.isSecureContext, typeof navigator.clipboard])).toEqual([false, 'undefined']);
      await lanPage.goto(`${address}/instances/${nodeId}/${INSTANCE}/terminal`);
      await expect.poll(() => lanPage.getByTestId('terminal-status').getAttribute('data-status'), { timeout: PAGE_TIMEOUT_MS }).toBe('open');
      // Reading the clipboard needs the API: no Paste button; Ctrl+Shift+V is the browser's own paste.
      expect(await lanPage.getByTestId('paste').count()).toBe(0);
      const lanScreen = () => lanPage.locator('.xterm-rows').innerText();
      await expect.poll(lanScreen, { timeout: PAGE_TIMEOUT_MS }).toMatch(/\/ # /);
      await lanPage.keyboard.type(`echo lan-$((3*3))-${marker}`);
      await lanPage.keyboard.press('Enter');
      await expect.poll(lanScreen, { timeout: PAGE_TIMEOUT_MS }).toMatch(new RegExp(`\\nlan-9-${marker}`));
      const line = lanPage.locator('.xterm-rows > div', { hasText: new RegExp(`^lan-9-${marker}`) }).last();
      const box = (await line.boundingBox())!;
      await lanPage.mouse.dblclick(box.x + 8, box.y + box.height / 2);
      await lanPage.keyboard.press('Control+Shift+C');
      await expect.poll(() => lanPage.getByTestId('clipboard-notice').textContent(), { timeout: PAGE_TIMEOUT_MS }).toBe('Copied the selection.');
      await lanPage.keyboard.type('echo again-');
      await lanPage.keyboard.press('Control+Shift+V');
      await lanPage.keyboard.press('Enter');
      await expect.poll(lanScreen, { timeout: PAGE_TIMEOUT_MS }).toMatch(new RegExp(`\\nagain-lan-9-${marker}`));
    } finally {
      await lan.close();
    }
  });

  it('tells the shell its new size when the window changes', async () => {
    /** The last size the shell printed (the command line itself holds no digits). */
    const lastSize = async () => [...(await screenText()).matchAll(/size (\d+ \d+) end/g)].at(-1)?.[1];
    const askSize = async () => {
      await page.keyboard.type('echo "size $(stty size) end"');
      await page.keyboard.press('Enter');
    };
    await askSize();
    const before = await waitFor('the size', PAGE_TIMEOUT_MS, lastSize);
    await page.setViewportSize({ width: 900, height: 600 });
    await askSize();
    const after = await waitFor('the new size', PAGE_TIMEOUT_MS, async () => {
      const size = await lastSize();
      return size && size !== before ? size : undefined;
    });
    const [rowsBefore, colsBefore] = before.split(' ').map(Number);
    const [rowsAfter, colsAfter] = after.split(' ').map(Number);
    expect(colsAfter).toBeLessThan(colsBefore!);
    expect(rowsAfter).toBeLessThan(rowsBefore!);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('gets a fresh session by itself after the link to the manager dropped', async () => {
    await manager.stop();
    await expectStatus('retrying');
    expect(await text(status())).toMatch(/^The connection dropped \(.+\): trying again in .+ \(try \d of 5\)…$/);
    await manager.start();
    await expectStatus('open', 45_000);
    await expectScreen(/a new session/);
    await page.locator('textarea.xterm-helper-textarea').focus();
    await page.keyboard.type(`echo back-$((2+3))-${marker}`);
    await page.keyboard.press('Enter');
    await expectScreen(new RegExp(`\\nback-5-${marker}`));
  });

  it('says why the session ended when the instance stops, and reconnects once it runs again', async () => {
    expect(await change(admin, 'POST', base(), { action: 'stop', force: true })).toMatchObject({ status: 'succeeded' });
    await expectStatus('ended');
    expect(await text(status())).toBe('The session ended: the instance stopped.');
    await shot('terminal-ended');
    await expectNoAxeViolations('the terminal page after the session ended');

    expect(await change(admin, 'POST', base(), { action: 'start' })).toMatchObject({ status: 'succeeded' });
    await page.getByTestId('reconnect').click();
    await expectStatus('open', LXC_TIMEOUT_MS);
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
  });

  it('exposes a port from the list, shows it as a link, refuses a taken port and a bad one beside their fields, and removes it', async () => {
    await page.getByRole('link', { name: 'Back to the instances' }).click();
    await instanceRow().waitFor({ timeout: PAGE_TIMEOUT_MS });
    await instanceRow().getByRole('button', { name: `Ports of ${INSTANCE}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('no-forwards').waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectNoAxeViolations('the ports dialog');

    await dialog.locator('#expose-container-port').fill('80');
    await dialog.getByRole('button', { name: 'Expose', exact: true }).click();
    const link = dialog.getByTestId('forward-url');
    await link.waitFor({ timeout: PAGE_TIMEOUT_MS });
    const url = await text(link);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:(\\d+)$`));
    const hostPort = Number(new URL(url).port);
    expect(hostPort).toBeGreaterThanOrEqual(PORT_RANGE.first);
    expect(hostPort).toBeLessThanOrEqual(PORT_RANGE.last);
    expect(await link.getAttribute('href')).toBe(url);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await text(dialog.getByTestId('ports-announcement'))).toBe(`Exposed port 80/tcp of "${INSTANCE}" at ${url}.`);

    // The same board port again is taken: said beside the host port.
    await dialog.locator('#expose-container-port').fill('8080');
    await dialog.locator('#expose-host-port').fill(String(hostPort));
    await dialog.getByRole('button', { name: 'Expose', exact: true }).click();
    const taken = dialog.getByTestId('error-hostPort');
    await taken.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(taken)).toContain(`Port ${hostPort}/tcp is taken`);
    expect(await dialog.locator('#expose-host-port').getAttribute('aria-invalid')).toBe('true');
    // A port that is no port: the manager's 400 beside the container port.
    await dialog.locator('#expose-container-port').fill('70000');
    await dialog.locator('#expose-host-port').fill('');
    await dialog.getByRole('button', { name: 'Expose', exact: true }).click();
    const bad = dialog.getByTestId('error-containerPort');
    await bad.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(bad)).toBe('containerPort must be a whole number from 1 to 65535');
    await shot('ports-dialog');
    await expectNoAxeViolations('the ports dialog with refusals');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    const rowLink = instanceRow().getByTestId('port-link');
    expect(await text(rowLink)).toBe(url);
    // The link opens a tab of its own at the forward (what answers there is the classroom LAN tests' business).
    const opened = context.waitForEvent('page', { timeout: PAGE_TIMEOUT_MS });
    const requested = context.waitForEvent('request', { predicate: (request) => request.url() === `${url}/`, timeout: PAGE_TIMEOUT_MS });
    await rowLink.click();
    const tab = await opened;
    await requested;
    expect(tab).not.toBe(page);
    await tab.close();

    await instanceRow().getByRole('button', { name: `Ports of ${INSTANCE}` }).click();
    await dialog.getByRole('button', { name: `Remove the forward of board port ${hostPort}/tcp` }).click();
    await dialog.getByTestId('no-forwards').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(dialog.locator('#expose-container-port'))).toBe(true);
    expect((await admin('GET', `${base()}/ports`)).body).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await text(instanceRow().getByTestId('instance-ports'))).toBe('—');
    expect(pageErrors).toEqual([]);
  });

  it("gives a learner no terminal on someone else's instance: the page says it does not exist", async () => {
    const created = await admin('POST', '/api/users/batch', { usernames: ['lee'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const learner = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: manager.baseUrl });
    try {
      const own = await learner.newPage();
      await own.goto('/sign-in');
      await own.locator('#username').fill('lee');
      await own.locator('#password').fill(created.body[0].oneTimePassword);
      await own.getByRole('button', { name: 'Sign in', exact: true }).click();
      await own.waitForURL('**/choose-password**', { timeout: PAGE_TIMEOUT_MS });
      // Straight from the sign-in, the page knows the one-time password: only the new one is asked for.
      await own.locator('#chosen-password').fill('lee has a long password');
      await own.locator('#chosen-again').fill('lee has a long password');
      await own.getByRole('button', { name: 'Save my password' }).click();
      await own.waitForURL('**/nodes', { timeout: PAGE_TIMEOUT_MS });

      await own.goto(`/instances/${nodeId}/${INSTANCE}/terminal`);
      const refused = own.getByTestId('terminal-status');
      await expect.poll(() => refused.getAttribute('data-status'), { timeout: PAGE_TIMEOUT_MS }).toBe('ended');
      expect(await text(refused)).toBe(`The session ended: Node "${NODE_NAME}": Instance "${INSTANCE}" does not exist.`);
      await own.goto('/instances');
      await own.getByTestId('new-instance').waitFor({ timeout: PAGE_TIMEOUT_MS });
      expect(await own.locator(`tr[data-instance="${INSTANCE}"]`).count()).toBe(0);
    } finally {
      await learner.close();
    }
  });
});
