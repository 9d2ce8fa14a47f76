import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { debianArchitecture } from '@tinystack/contracts';
import { createTemporaryLxcPath, makeTestImage, removeLxcPath, type TestImage } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient } from '../apps/manager/test/accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../apps/manager/test/cluster.js';
import { httpCall } from '../apps/manager/test/http-call.js';
import { change, type ManagerApi } from '../apps/manager/test/operations.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { axeViolations } from './axe.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'images-e2e');
const PAGE_TIMEOUT_MS = 15_000;
/** Sending the image to the node and the node hashing it, on a loaded two-core machine. */
const TRANSFER_TIMEOUT_MS = 60_000;
const NODE_NAME = 'images-node';
const IMAGE_NAME = 'lab-e2e';
const PUBLISHED_NAME = 'lab-published';
const SOURCE_INSTANCE = 'master';
const MEMBER = 'mia';
const MEMBER_PASSWORD = 'mia chooses a long one';
/**
 * The upload is slowed to this (bytes per second) through Chromium's own
 * network throttling, so that its progress can be watched on loopback: the
 * image of ~2 MB then takes seconds rather than milliseconds.
 */
const THROTTLED_UPLOAD_BYTES_PER_SECOND = 256 * 1024;

/**
 * The Images page in a real Chromium against a real manager and a real
 * compute node (both from dist, real LXC in a temporary lxcpath): a teacher
 * imports a busybox root filesystem with a marker file (made here by the test
 * kit's makeTestImage) through the page's file input, watches the upload's
 * progress, finds it listed with its hash, warms it on the board (which then
 * has it in its cache), publishes a stopped instance of the board, a member sees the list without any action, and the
 * teacher deletes it. Every state passes axe-core.
 */
describeInChromiumWithLxc('Images page in Chromium (real manager, real compute node, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let api: ManagerApi;
  let nodeId: string;
  let image: TestImage;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const text = (locator: Locator) => locator.innerText({ timeout: PAGE_TIMEOUT_MS });
  const row = (name: string, on: Page = page) => on.locator(`tr[data-image="${name}"]`);
  const announcement = () => page.getByTestId('images-announcement');

  async function expectNoAxeViolations(where: string, on: Page = page): Promise<void> {
    expect(await axeViolations(on), `axe-core on ${where}`).toEqual([]);
  }

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    lxcPath = await createTemporaryLxcPath();
    node = await computeNodeProcess(NODE_NAME, lxcPath, scratch);
    const managerDirectory = scratchDirectory('images-console-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    const [made] = await Promise.all([makeTestImage({ markerContent: `made for the images page ${Date.now()}\n` }), node.start(), manager.start()]);
    image = made;
    api = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    const registered = await api('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: NODE_NAME });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    nodeId = registered.body.id;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: manager.baseUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    await image?.remove();
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  afterEach(() => expect(pageErrors, 'errors thrown in the page').toEqual([]));

  it('opens the Images page from the main navigation, empty', async () => {
    await page.goto(`/?token=${MANAGER_TOKEN}`);
    await page.waitForURL('**/nodes', { timeout: PAGE_TIMEOUT_MS });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
    await page.waitForURL('**/images', { timeout: PAGE_TIMEOUT_MS });
    expect(await page.title()).toBe('Images · TinyStack');
    await expect.poll(() => text(page.getByTestId('no-images')), { timeout: PAGE_TIMEOUT_MS }).toContain('No image yet');
    await expectNoAxeViolations('the empty Images page');
  });

  it('imports the tarball chosen in the file input, with the upload progress shown, and lists it with its sha256', async () => {
    const architecture = debianArchitecture(process.arch);
    expect(architecture, `an architecture for ${process.arch}`).not.toBeNull();
    await page.locator('#import-file').setInputFiles(image.path);
    // The file is image.tar: its name is offered, and replaced here.
    expect(await page.locator('#import-name').inputValue()).toBe('image');
    await page.locator('#import-name').fill(IMAGE_NAME);
    await page.locator('#import-architecture').selectOption(architecture!);
    await page.locator('#import-description').fill('busybox with a marker file');

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: THROTTLED_UPLOAD_BYTES_PER_SECOND,
    });
    try {
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const progress = page.getByTestId('upload-progress');
      await progress.waitFor({ timeout: PAGE_TIMEOUT_MS });
      // Some bytes sent, not all: the bar moves while the file goes.
      await expect
        .poll(() => progress.locator('progress').evaluate((bar: HTMLProgressElement) => bar.value), { timeout: PAGE_TIMEOUT_MS })
        .toBeGreaterThan(0);
      expect(await progress.locator('progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBeLessThan(100);
      expect(await text(progress)).toMatch(/ of .+, \d+ %/);
      await expectNoAxeViolations('the Images page during an upload');
      await page.screenshot({ path: join(ARTIFACTS, 'uploading.png'), fullPage: true });
      await row(IMAGE_NAME).waitFor({ timeout: TRANSFER_TIMEOUT_MS });
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }

    expect(await text(announcement())).toBe(`Imported "${IMAGE_NAME}" (${await text(row(IMAGE_NAME).getByTestId('image-size'))}, sha256 ${image.sha256.slice(0, 12)}).`);
    expect(await text(row(IMAGE_NAME).getByTestId('image-sha256'))).toBe(image.sha256.slice(0, 12));
    expect(await text(row(IMAGE_NAME).getByTestId('image-architecture'))).toBe(architecture);
    expect(await text(row(IMAGE_NAME).getByTestId('image-source'))).toBe('uploaded');
    // The bytes the browser sent are the tarball's, all of them.
    const stored = await api('GET', `/api/images/${IMAGE_NAME}`);
    expect(stored.body).toMatchObject({ sha256: image.sha256, sizeBytes: image.sizeBytes, architecture, description: 'busybox with a marker file' });

    await row(IMAGE_NAME).getByTestId('show-image').click();
    const details = page.getByTestId('image-details');
    expect(await text(details.getByTestId('details-sha256'))).toBe(image.sha256);
    expect(await text(details.getByTestId('details-description'))).toBe('busybox with a marker file');
    await expectNoAxeViolations('the Images page with the details of an image');
  }, 120_000);

  it("shows the manager's 409 beside the name when another teacher took the name after the page loaded", async () => {
    const taken = 'lab-taken';
    // Imported elsewhere (the API, as the CLI does): the page's list does not know the name yet.
    const elsewhere = await fetch(`${manager.baseUrl}/api/images/import?name=${taken}&architecture=${debianArchitecture(process.arch)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MANAGER_TOKEN}`, 'content-type': 'application/octet-stream' },
      body: readFileSync(image.path),
      signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS),
    });
    expect(elsewhere.status).toBe(201);
    await page.locator('#import-file').setInputFiles(image.path);
    await page.locator('#import-name').fill(taken);
    await page.locator('#import-architecture').selectOption(debianArchitecture(process.arch)!);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // The refused body is drained by the manager, so the browser gets the answer, not a dropped connection.
    const error = page.getByTestId('import-name-error');
    await error.waitFor({ timeout: TRANSFER_TIMEOUT_MS });
    expect(await text(error)).toContain(`"${taken}"`);
    expect(await page.locator('#import-name').getAttribute('aria-invalid')).toBe('true');
    expect(await text(announcement())).toMatch(new RegExp(`^Could not import "${taken}": `));
    await expectNoAxeViolations('the import form refused by the manager');
    expect((await api('DELETE', `/api/images/${taken}`)).status).toBe(204);
  }, 120_000);

  it('warms the image on every board: the operation ends naming the board, which then has it in its cache', async () => {
    await row(IMAGE_NAME).getByRole('button', { name: `Warm ${IMAGE_NAME} on every board` }).click();
    await expect
      .poll(() => text(announcement()), { timeout: TRANSFER_TIMEOUT_MS })
      .toMatch(new RegExp(`^"${IMAGE_NAME}" is on every board of its architecture \\(${NODE_NAME}: `));
    const cached = await httpCall(node.baseUrl, 'GET', `/images/${image.sha256}`, { token: COMPUTE_TOKEN });
    expect(cached.status, JSON.stringify(cached.body)).toBe(200);
    expect(cached.body).toMatchObject({ state: 'complete', sizeBytes: image.sizeBytes });
    expect(await row(IMAGE_NAME).getByTestId('warm-image').count()).toBe(1);
    await expectNoAxeViolations('the Images page after a warm');
  }, 120_000);

  it("publishes a stopped instance picked from the node's instances, and lists the image it became", async () => {
    // Made after the page loaded: the instance reaches the form through the live stream.
    const created = await change(api, 'POST', '/api/instances', { name: SOURCE_INSTANCE, nodeId });
    expect(created, JSON.stringify(created)).toMatchObject({ status: 'succeeded', result: { state: 'STOPPED' } });
    const source = page.locator('#publish-source');
    const option = source.locator('option', { hasText: `${SOURCE_INSTANCE} on ${NODE_NAME}` });
    await option.waitFor({ state: 'attached', timeout: PAGE_TIMEOUT_MS });
    await source.selectOption({ label: `${SOURCE_INSTANCE} on ${NODE_NAME}` });
    await page.locator('#publish-name').fill(PUBLISHED_NAME);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await row(PUBLISHED_NAME).waitFor({ timeout: TRANSFER_TIMEOUT_MS });
    await expect
      .poll(() => text(announcement()), { timeout: PAGE_TIMEOUT_MS })
      .toBe(`Published "${SOURCE_INSTANCE}" of "${NODE_NAME}" as "${PUBLISHED_NAME}".`);
    expect(await text(row(PUBLISHED_NAME).getByTestId('image-source'))).toBe(`published from ${SOURCE_INSTANCE} on ${NODE_NAME}`);
    const published = await api('GET', `/api/images/${PUBLISHED_NAME}`);
    expect(published.body).toMatchObject({ source: `instance:${NODE_NAME}/${SOURCE_INSTANCE}` });
    expect(published.body.sizeBytes).toBeGreaterThan(0);
    await expectNoAxeViolations('the Images page after a publish');
  }, 120_000);

  it('shows a member the library with no action to change it', async () => {
    const created = await api('POST', '/api/users', { username: MEMBER, role: 'member' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const member = new CookieClient(manager.baseUrl);
    expect((await member.signIn(MEMBER, created.body.oneTimePassword)).status).toBe(200);
    const changed = await member.call('PUT', '/api/me/password', { currentPassword: created.body.oneTimePassword, newPassword: MEMBER_PASSWORD });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    const memberContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: manager.baseUrl });
    try {
      const mia = await memberContext.newPage();
      mia.on('pageerror', (error) => pageErrors.push(error.message));
      await mia.goto('/images');
      await mia.waitForURL('**/sign-in?next=%2Fimages', { timeout: PAGE_TIMEOUT_MS });
      await mia.locator('#username').fill(MEMBER);
      await mia.locator('#password').fill(MEMBER_PASSWORD);
      await mia.getByRole('button', { name: 'Sign in', exact: true }).click();
      await mia.waitForURL('**/images', { timeout: PAGE_TIMEOUT_MS });
      await row(IMAGE_NAME, mia).waitFor({ timeout: PAGE_TIMEOUT_MS });
      expect(await mia.getByTestId('import-form').count()).toBe(0);
      expect(await mia.getByTestId('publish-form').count()).toBe(0);
      // Its one button opens the details; warm, rename and delete are not there.
      expect(await row(IMAGE_NAME, mia).getByRole('button').count()).toBe(1);
      expect(await row(IMAGE_NAME, mia).getByTestId('show-image').count()).toBe(1);
      await expectNoAxeViolations("a member's Images page", mia);
    } finally {
      await memberContext.close();
    }
  }, 60_000);

  it('deletes the image after asking, and it is gone from the page and the library', async () => {
    await row(IMAGE_NAME).getByRole('button', { name: `Delete ${IMAGE_NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete image ${IMAGE_NAME}?` });
    await dialog.waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectNoAxeViolations('the delete dialog');
    await dialog.getByRole('button', { name: `Delete ${IMAGE_NAME}` }).click();
    await row(IMAGE_NAME).waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await text(announcement())).toContain(`Deleted "${IMAGE_NAME}" from the library.`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('images-heading');
    expect((await api('GET', '/api/images')).body.map((entry: { name: string }) => entry.name)).toEqual([PUBLISHED_NAME]);
    await expectNoAxeViolations('the Images page after a delete');
  });
});
