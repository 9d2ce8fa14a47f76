import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { debianArchitecture } from '@tinystack/contracts';
import { createTemporaryLxcPath, makeTestImage, removeLxcPath, type TestImage } from '@tinystack/lxc-driver/test-support';
import { bearerApi } from '../apps/manager/test/accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../apps/manager/test/cluster.js';
import { change, type ManagerApi } from '../apps/manager/test/operations.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { axeViolations } from './axe.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'snapshots-e2e');
const PAGE_TIMEOUT_MS = 15_000;
/** lxc-snapshot and lxc-create of busybox on a loaded two-core machine. */
const LXC_TIMEOUT_MS = 60_000;
const NODE_NAME = 'snap-node';
/** Cgroups are named after the container alone: names of this run only, so that another test's "web1" is not in the way. */
const SUFFIX = `${process.pid % 10_000}x${Date.now() % 10_000}`;
const INSTANCE = `snap-${SUFFIX}`;
const LIMITED = `lim-${SUFFIX}`;
const FROM_IMAGE = `img-${SUFFIX}`;
const SNAPSHOT = 'clean';
const IMAGE_NAME = 'lab-snap';

/**
 * Snapshots, settings and limits of instances in a real Chromium against a
 * real manager and a real compute node (both from dist, real LXC busybox in
 * a temporary lxcpath, the machine's own cgroups): take a snapshot of a
 * stopped instance from its row's Snapshots dialog and see it listed, turn
 * autostart on in its Settings, restore the snapshot (which brings back the
 * config it was taken with: autostart off again, on the row); then create an
 * instance with a memory limit from the create dialog and see the limit on
 * its row, with "limit not enforced" exactly when the node says so; and
 * create from an image of the library (a busybox root filesystem made by the
 * test kit), which the dialog offers with its architecture and size.
 */
describeInChromiumWithLxc('snapshots, settings and limits in the console (real manager, real compute node, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let admin: ManagerApi;
  let nodeId: string;
  let browser: Browser;
  let page: Page;
  let image: TestImage;
  const pageErrors: string[] = [];

  const text = (locator: Locator) => locator.innerText({ timeout: PAGE_TIMEOUT_MS });
  const row = (name: string) => page.locator(`tr[data-instance="${name}"]`);
  const dialog = () => page.locator('dialog[open]');

  async function expectNoAxeViolations(where: string): Promise<void> {
    expect(await axeViolations(page), `axe-core on ${where}`).toEqual([]);
  }

  async function closeDialog(): Promise<void> {
    await dialog().getByRole('button', { name: 'Close', exact: true }).click();
    await dialog().waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
  }

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    lxcPath = await createTemporaryLxcPath();
    // The machine's own /proc and /sys: whether a limit is enforced is this board's cgroup controllers' answer.
    node = await computeNodeProcess('snapshots-node', lxcPath, scratch, { env: { PROC_ROOT: '/', SYS_ROOT: '/' } });
    const managerDirectory = scratchDirectory('snapshots-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    const [made] = await Promise.all([makeTestImage({ markerContent: `snapshots e2e ${SUFFIX}\n` }), node.start(), manager.start()]);
    image = made;
    admin = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    const registered = await admin('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: NODE_NAME });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    nodeId = registered.body.id;
    expect(await change(admin, 'POST', '/api/instances', { name: INSTANCE, nodeId })).toMatchObject({ status: 'succeeded' });
    // In the library before the page loads (as the CLI imports one): the create dialog offers it.
    const imported = await fetch(`${manager.baseUrl}/api/images/import?name=${IMAGE_NAME}&architecture=${debianArchitecture(process.arch)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MANAGER_TOKEN}`, 'content-type': 'application/octet-stream' },
      body: readFileSync(image.path),
      signal: AbortSignal.timeout(LXC_TIMEOUT_MS),
    });
    expect(imported.status).toBe(201);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: manager.baseUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (admin && nodeId) {
      for (const name of [INSTANCE, LIMITED, FROM_IMAGE]) {
        await change(admin, 'DELETE', `/api/nodes/${nodeId}/instances/${name}?force=true`).catch(() => undefined);
      }
    }
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    await image?.remove();
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  afterEach(() => expect(pageErrors, 'errors thrown in the page').toEqual([]));

  it('takes a snapshot of a stopped instance from its Snapshots dialog and lists it with when it was taken', async () => {
    await page.goto(`/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
    await page.waitForURL((url) => url.pathname === '/nodes', { timeout: PAGE_TIMEOUT_MS });
    await page.getByRole('link', { name: 'Instances' }).click();
    await page.locator(`tr[data-instance="${INSTANCE}"][data-state="STOPPED"]`).waitFor({ timeout: PAGE_TIMEOUT_MS });
    await row(INSTANCE).getByRole('button', { name: `Snapshots of ${INSTANCE}` }).click();
    await dialog().waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(dialog().locator('h2'))).toBe(`Snapshots of ${INSTANCE}`);
    await expect.poll(() => dialog().getByTestId('no-snapshots').count(), { timeout: PAGE_TIMEOUT_MS }).toBe(1);
    await expectNoAxeViolations('the empty Snapshots dialog');

    await dialog().getByLabel('Name').fill(SNAPSHOT);
    await dialog().getByRole('button', { name: 'Take snapshot' }).click();
    const listed = dialog().locator(`[data-testid="snapshot"][data-snapshot="${SNAPSHOT}"]`);
    await listed.waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await text(dialog().getByTestId('snapshots-announcement'))).toBe(`Took snapshot "${SNAPSHOT}" of "${INSTANCE}".`);
    expect(await text(listed.getByTestId('snapshot-created'))).toMatch(/^taken \S/);
    // The node has it too, under the name given.
    const snapshots = await admin('GET', `/api/nodes/${nodeId}/instances/${INSTANCE}/snapshots`);
    expect(snapshots.body.map((snapshot: { name: string }) => snapshot.name)).toEqual([SNAPSHOT]);

    // The same name again: the refusal beside the field.
    await dialog().getByLabel('Name').fill(SNAPSHOT);
    await dialog().getByRole('button', { name: 'Take snapshot' }).click();
    await dialog().getByTestId('error-snapshot-name').waitFor({ timeout: LXC_TIMEOUT_MS });
    expect(await dialog().getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'snapshot-taken.png'), fullPage: true });
    await expectNoAxeViolations('the Snapshots dialog with a snapshot and a refused name');
    await closeDialog();
  });

  it('turns autostart on in Settings, then restores the snapshot, which brings its config back: autostart off on the row', async () => {
    await row(INSTANCE).getByRole('button', { name: `Settings of ${INSTANCE}` }).click();
    await dialog().waitFor({ timeout: PAGE_TIMEOUT_MS });
    await dialog().getByLabel('Start it whenever its node starts (autostart)').check();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => text(dialog().getByTestId('settings-announcement')), { timeout: LXC_TIMEOUT_MS }).toMatch(/autostart on\.$/);
    await expectNoAxeViolations('the Settings dialog');
    await closeDialog();
    await row(INSTANCE).getByTestId('instance-autostart').waitFor({ timeout: PAGE_TIMEOUT_MS });

    await row(INSTANCE).getByRole('button', { name: `Snapshots of ${INSTANCE}` }).click();
    await dialog().waitFor({ timeout: PAGE_TIMEOUT_MS });
    await dialog().getByRole('button', { name: `Restore ${INSTANCE} to ${SNAPSHOT}` }).click();
    await expect
      .poll(() => text(dialog().getByTestId('snapshots-announcement')), { timeout: LXC_TIMEOUT_MS })
      .toBe(`Restored "${INSTANCE}" to snapshot "${SNAPSHOT}" (now STOPPED).`);
    // Still listed after the restore, and the row shows the config it had then.
    expect(await dialog().locator(`[data-snapshot="${SNAPSHOT}"]`).count()).toBe(1);
    await closeDialog();
    await expect.poll(() => row(INSTANCE).getByTestId('instance-autostart').count(), { timeout: PAGE_TIMEOUT_MS }).toBe(0);
    const instance = await admin('GET', `/api/nodes/${nodeId}/instances/${INSTANCE}`);
    expect(instance.body.autostart).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'restored.png'), fullPage: true });
  });

  it('creates an instance with a 32 MiB memory limit from the create dialog and shows the limit on its row', async () => {
    await page.getByTestId('new-instance').click();
    await dialog().waitFor({ timeout: PAGE_TIMEOUT_MS });
    await dialog().getByLabel('Name').fill(LIMITED);
    expect(await dialog().locator('#instance-source option:checked').innerText()).toBe('busybox');
    await dialog().getByLabel('Memory (MiB)').fill('32');
    await expectNoAxeViolations('the create dialog with a limit');
    await dialog().getByRole('button', { name: 'Create' }).click();
    const created = page.locator(`tr[data-instance="${LIMITED}"]`);
    await created.waitFor({ timeout: LXC_TIMEOUT_MS });
    await expect.poll(() => text(created.getByTestId('instance-limits')), { timeout: PAGE_TIMEOUT_MS }).toBe('Limits: 32 MiB');

    // "limit not enforced" exactly when the node says this board cannot enforce it, with its reason.
    const answer = await admin('GET', `/api/nodes/${nodeId}/instances/${LIMITED}`);
    expect(answer.body.limits.memoryMiB).toBe(32);
    if (answer.body.limits.enforced) {
      expect(await created.getByTestId('limit-not-enforced').count()).toBe(0);
    } else {
      expect(await text(created.getByTestId('limit-not-enforced'))).toBe(`limit not enforced: ${answer.body.limits.reason}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'limited.png'), fullPage: true });
    await expectNoAxeViolations('the instances page with a limited instance');
  });

  it("offers the library's image in the create dialog and creates from it on the node, which lacked it", async () => {
    await page.getByTestId('new-instance').click();
    await dialog().waitFor({ timeout: PAGE_TIMEOUT_MS });
    const option = dialog().locator('#instance-source option', { hasText: IMAGE_NAME });
    await option.waitFor({ state: 'attached', timeout: PAGE_TIMEOUT_MS });
    expect((await option.innerText()).trim()).toMatch(new RegExp(`^${IMAGE_NAME} \\(${debianArchitecture(process.arch)}, [\\d.]+ MB\\)$`));
    await dialog().getByLabel('Name').fill(FROM_IMAGE);
    await dialog().getByLabel('Create from').selectOption(`image:${IMAGE_NAME}`);
    await dialog().getByRole('button', { name: 'Create' }).click();
    await page.locator(`tr[data-instance="${FROM_IMAGE}"]`).waitFor({ timeout: LXC_TIMEOUT_MS });
    const instance = await admin('GET', `/api/nodes/${nodeId}/instances/${FROM_IMAGE}`);
    expect(instance.status, JSON.stringify(instance.body)).toBe(200);
    expect(instance.body.state).toBe('STOPPED');
    expect(await text(page.getByTestId('instances-announcement'))).toMatch(new RegExp(`^Created "${FROM_IMAGE}" on "${NODE_NAME}"`));
  }, 120_000);
});
