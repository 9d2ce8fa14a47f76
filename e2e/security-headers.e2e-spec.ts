import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../apps/manager/test/cluster.js';
import { httpCall } from '../apps/manager/test/http-call.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';

const PAGE_TIMEOUT_MS = 15_000;
const NODE_NAME = 'csp-node';

/**
 * Runs in every page before its own scripts (as text: this file is
 * type-checked without the DOM's types): records each Content-Security-Policy
 * violation the browser reports.
 */
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber);
  }, true);
`;

interface WatchedPage {
  page: Page;
  /** Violations seen by the page, console messages about the policy, uncaught errors. */
  problems(): Promise<{ violations: string[]; consoleErrors: string[]; pageErrors: string[] }>;
}

/**
 * The console and both Swagger UIs in a real Chromium, served by the real
 * manager and compute node (from dist) with their security headers: every
 * page must work with no script the policy blocks and no violation at all.
 */
describeInChromiumWithLxc('security headers in Chromium: the console and Swagger UI work under the policy', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let browser: Browser;

  async function watchedPage(): Promise<WatchedPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.addInitScript({ content: RECORD_VIOLATIONS });
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return {
      page,
      problems: async () => ({
        violations: (await page.evaluate('window.cspViolations')) as string[],
        consoleErrors,
        pageErrors,
      }),
    };
  }

  const noProblems = { violations: [], consoleErrors: [], pageErrors: [] };

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await computeNodeProcess('csp-node', lxcPath, scratch);
    const managerDirectory = scratchDirectory('csp-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    const registered = await httpCall(manager.baseUrl, 'POST', '/api/nodes', {
      body: { url: node.baseUrl, token: COMPUTE_TOKEN, name: NODE_NAME },
      token: MANAGER_TOKEN,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('notices an inline script the policy blocks (so that "no violation" below means something)', async () => {
    const { page, problems } = await watchedPage();
    try {
      await page.goto(`${manager.baseUrl}/api/docs`);
      await page.evaluate(`(() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.head.append(script);
      })()`);
      await expect.poll(async () => (await problems()).violations, { timeout: PAGE_TIMEOUT_MS }).toHaveLength(1);
      expect((await problems()).violations[0]).toMatch(/^script-src-elem blocked inline/);
      expect(await page.evaluate('window.inlineRan === true')).toBe(false);
    } finally {
      await page.context().close();
    }
  });

  it('runs the console (sign-in, nodes, a node with its LED mirror and chart, instances, events, class, account, join-class) with its stylesheet and no violation', async () => {
    const { page, problems } = await watchedPage();
    try {
      const first = await page.goto(`${manager.baseUrl}/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
      // Chromium offers brotli to secure origins only (localhost is one); from a LAN address over plain HTTP it gets gzip.
      expect(['br', 'gzip']).toContain(await first!.headerValue('content-encoding'));
      await page.waitForURL((url) => url.pathname === '/nodes', { timeout: PAGE_TIMEOUT_MS });
      const row = page.locator('tr[data-testid="node-row"][data-state="ACTIVE"]');
      await row.waitFor({ timeout: PAGE_TIMEOUT_MS });
      // The global stylesheet applies: a separate <link>, no inlined critical CSS whose onload the policy would block.
      expect(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(13, 17, 23)');
      expect(await page.locator('link[rel="stylesheet"][onload]').count()).toBe(0);

      await page.getByRole('link', { name: NODE_NAME }).click();
      await page.getByTestId('led-matrix').waitFor({ timeout: PAGE_TIMEOUT_MS });
      await expect.poll(() => page.locator('ts-usage-chart polyline').count(), { timeout: PAGE_TIMEOUT_MS }).toBeGreaterThan(0);
      await page.getByRole('link', { name: 'Instances' }).click();
      await page.waitForURL((url) => url.pathname === '/instances', { timeout: PAGE_TIMEOUT_MS });
      await page.getByRole('link', { name: 'Events' }).click();
      await page.locator('[data-testid="event-row"]').first().waitFor({ timeout: PAGE_TIMEOUT_MS });
      await page.getByRole('link', { name: 'Class', exact: true }).click();
      await page.getByTestId('open-class-code').click();
      await page.getByTestId('class-code').waitFor({ timeout: PAGE_TIMEOUT_MS });
      await page.getByTestId('signed-in-user').click();
      await page.getByTestId('create-token-form').waitFor({ timeout: PAGE_TIMEOUT_MS });
      await page.getByTestId('sign-out').click();
      await page.getByRole('link', { name: 'Join the class' }).click();
      await page.getByTestId('join-class-form').waitFor({ timeout: PAGE_TIMEOUT_MS });

      expect(await problems()).toEqual(noProblems);
    } finally {
      await page.context().close();
    }
  });

  it.each([
    ['manager', () => `${manager.baseUrl}/api/docs`, 'TinyStack manager'],
    ['compute node', () => `${node.baseUrl}/docs`, 'TinyStack compute node'],
  ])("renders the %s's Swagger UI with no violation, and Try it out calls the API", async (_app, url, title) => {
    const { page, problems } = await watchedPage();
    try {
      await page.goto(url());
      await expect.poll(() => page.locator('.swagger-ui .info .title').innerText(), { timeout: PAGE_TIMEOUT_MS }).toContain(title);
      expect(await page.locator('.opblock').count()).toBeGreaterThan(3);

      const health = page.locator('.opblock-get').filter({ has: page.locator('[data-path="/health"]') });
      await health.locator('.opblock-summary-control').click();
      await health.getByRole('button', { name: 'Try it out' }).click();
      await health.getByRole('button', { name: 'Execute' }).click();
      const status = health.locator('.live-responses-table td.response-col_status:not(.col_header)');
      await expect.poll(() => status.innerText(), { timeout: PAGE_TIMEOUT_MS }).toBe('200');

      expect(await problems()).toEqual(noProblems);
    } finally {
      await page.context().close();
    }
  });
});
