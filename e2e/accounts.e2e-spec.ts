import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTemporaryLxcPath, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient } from '../apps/manager/test/accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../apps/manager/test/cluster.js';
import { change } from '../apps/manager/test/operations.js';
import type { SpawnedApp } from '../apps/manager/test/spawned-app.js';
import { waitFor } from '../apps/manager/test/wait-for.js';
import { axeViolations } from './axe.js';
import { describeInChromiumWithLxc, launchChromium } from './chromium.js';
import { focusLosses, hasFocus, watchFocusLosses } from './keyboard.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'accounts-e2e');
const LXC_TIMEOUT_MS = 60_000;
const PAGE_TIMEOUT_MS = 15_000;
const NODE_NAME = 'class-node';
const ANN_PASSWORD = 'ann chooses a long one';
const BOB_PASSWORD = 'bob chooses his own';

/**
 * A lesson in a real Chromium against a real manager and a real compute node
 * (real LXC): the teacher signs in from the address npm start prints, adds two
 * learners from a pasted list and opens the class code; a learner signs in
 * with the one-time password, must choose a password first, creates an
 * instance and never sees the other learner's; a third learner enrols with
 * the class code; the teacher sees everyone's instances with their owners.
 * Every page and dialog passes axe-core; focus never falls to <body>.
 */
describeInChromiumWithLxc('accounts in the console (real manager, real compute node, real LXC)', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let teacher: Page;
  let ann: Page;
  const pageErrors: string[] = [];
  const oneTimePasswords = new Map<string, string>();
  let classCode = '';

  const shot = (name: string, on: Page) => on.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const text = (locator: Locator) => locator.innerText({ timeout: PAGE_TIMEOUT_MS });
  /** The text content with white space collapsed. */
  const words = async (locator: Locator) => ((await locator.textContent({ timeout: PAGE_TIMEOUT_MS })) ?? '').replace(/\s+/g, ' ').trim();
  const classLink = (on: Page) => on.getByRole('link', { name: 'Class', exact: true });
  const instanceRow = (on: Page, name: string) => on.locator(`tr[data-instance="${name}"]`);

  async function expectNoAxeViolations(where: string, on: Page): Promise<void> {
    expect(await axeViolations(on), `axe-core on ${where}`).toEqual([]);
  }

  /** A browser of its own (its own cookie jar), as another learner's computer. */
  async function newBrowserPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: manager.baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  async function createInstance(on: Page, name: string): Promise<void> {
    await on.goto('/instances');
    await on.getByTestId('new-instance').click();
    const dialog = on.getByRole('dialog');
    await dialog.locator('#instance-name').fill(name);
    await dialog.locator('#instance-node').selectOption({ label: NODE_NAME });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: LXC_TIMEOUT_MS });
    await instanceRow(on, name).waitFor({ timeout: LXC_TIMEOUT_MS });
  }

  beforeAll(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    lxcPath = await createTemporaryLxcPath();
    node = await computeNodeProcess('accounts-console-node', lxcPath, scratch);
    const managerDirectory = scratchDirectory('accounts-console-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    const admin = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    const registered = await admin('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name: NODE_NAME });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await waitFor('the node to be ACTIVE', PAGE_TIMEOUT_MS, async () => {
      const nodes = await admin('GET', '/api/nodes');
      return nodes.body[0]?.state === 'ACTIVE' ? true : undefined;
    });
    browser = await launchChromium();
    teacher = await newBrowserPage();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('signs the teacher in from the address npm start prints, with name, role and Sign out in the header', async () => {
    await teacher.goto(`/?token=${encodeURIComponent(MANAGER_TOKEN)}`);
    await teacher.waitForURL((url) => url.pathname === '/nodes' && !url.search.includes('token'), { timeout: PAGE_TIMEOUT_MS });
    expect(await words(teacher.getByTestId('signed-in-user'))).toBe('admin admin');
    expect(await classLink(teacher).count()).toBe(1);
    expect(await teacher.getByTestId('sign-out').count()).toBe(1);
    // The token is kept nowhere in the page: the session is an HttpOnly cookie.
    const kept = await teacher.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }) + document.cookie);
    expect(kept).not.toContain(MANAGER_TOKEN);
    expect(kept).not.toContain('tinystack_session');
  });

  it('adds two learners from a pasted list and shows their one-time passwords once, in a printable table', async () => {
    await classLink(teacher).click();
    const names = teacher.locator('#new-usernames');
    await names.waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectNoAxeViolations('the Class page', teacher);
    await watchFocusLosses(teacher);
    await names.fill('Ann\nbob\n');
    expect(await text(teacher.getByTestId('add-users'))).toBe('Add 2 users');
    await teacher.getByTestId('add-users').click();
    const rows = teacher.getByTestId('one-time-password-row');
    await expect.poll(() => rows.count(), { timeout: PAGE_TIMEOUT_MS }).toBe(2);
    for (const username of ['ann', 'bob']) {
      const password = await text(teacher.locator(`[data-testid="one-time-password-row"][data-user="${username}"] [data-testid="one-time-password"]`));
      expect(password).toMatch(/^[a-z2-9]{12}$/);
      oneTimePasswords.set(username, password);
    }
    expect(await text(teacher.locator('tr[data-user="ann"] [data-testid="user-state"]'))).toBe('one-time password');
    expect(await text(teacher.locator('tr[data-user="ann"] [data-testid="user-instances"]'))).toBe('0 / 5');
    await shot('class-one-time-passwords', teacher);
    await expectNoAxeViolations('the Class page with one-time passwords', teacher);

    expect(await focusLosses(teacher)).toEqual([]);

    // Printed, the sheet is all there is on the page (Chromium takes focus from what print hides: watched again after).
    await teacher.emulateMedia({ media: 'print' });
    expect(await teacher.getByTestId('one-time-passwords').isVisible()).toBe(true);
    expect(await teacher.locator('#users-heading').isVisible()).toBe(false);
    expect(await teacher.locator('ts-app-header').isVisible()).toBe(false);
    await teacher.emulateMedia({ media: 'screen' });
    await teacher.getByTestId('done-handing-out').focus();
    await watchFocusLosses(teacher);

    await teacher.getByTestId('done-handing-out').click();
    await teacher.getByTestId('one-time-passwords').waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(names)).toBe(true);
    expect(await focusLosses(teacher)).toEqual([]);
  });

  it('opens the class code, shown large with its expiry', async () => {
    await teacher.getByTestId('open-class-code').click();
    const code = teacher.getByTestId('class-code');
    await code.waitFor({ timeout: PAGE_TIMEOUT_MS });
    classCode = (await text(code)).trim();
    expect(classCode).toMatch(/^[a-z2-9]{8}$/);
    expect(await text(teacher.getByTestId('class-code-expiry'))).toMatch(/^Open until \d{1,2}:\d{2}/);
    // The button that opened it went with the closed state: focus is on the one that closes it.
    expect(await hasFocus(teacher.getByTestId('close-class-code'))).toBe(true);
    const fontSize = await code.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(40);
    await shot('class-code', teacher);
    await expectNoAxeViolations('the Class page with the class code open', teacher);
    expect(await focusLosses(teacher)).toEqual([]);
  });

  it('makes a learner with a one-time password choose their own before anything else', async () => {
    ann = await newBrowserPage();
    await ann.goto('/instances');
    await ann.waitForURL('**/sign-in?next=%2Finstances', { timeout: PAGE_TIMEOUT_MS });
    await expectNoAxeViolations('the sign-in page', ann);
    await ann.locator('#username').fill('ann');
    await ann.locator('#password').fill('not-the-password');
    await ann.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await text(ann.locator('#sign-in-error'))).toMatch(/password/i);
    await expectNoAxeViolations('the sign-in page with a refused password', ann);

    await ann.locator('#password').fill(oneTimePasswords.get('ann')!);
    await ann.getByRole('button', { name: 'Sign in', exact: true }).click();
    await ann.waitForURL('**/choose-password?next=%2Finstances', { timeout: PAGE_TIMEOUT_MS });
    // Another page of the console leads back here until the password is chosen.
    await ann.goto('/nodes');
    await ann.waitForURL('**/choose-password?next=%2Fnodes', { timeout: PAGE_TIMEOUT_MS });
    await ann.locator('#current-password').fill(oneTimePasswords.get('ann')!);
    await ann.locator('#chosen-password').fill(ANN_PASSWORD);
    await ann.locator('#chosen-again').fill('something else');
    await ann.getByRole('button', { name: 'Save my password' }).click();
    expect(await text(ann.getByTestId('error-repeated'))).toContain('differ');
    await shot('choose-password', ann);
    await expectNoAxeViolations('the choose-password page', ann);
    await ann.locator('#chosen-again').fill(ANN_PASSWORD);
    await ann.getByRole('button', { name: 'Save my password' }).click();
    await ann.waitForURL('**/nodes', { timeout: PAGE_TIMEOUT_MS });
    expect(await words(ann.getByTestId('signed-in-user'))).toBe('ann member');
  });

  it("shows a learner the nodes' figures without management, and their own instances only", async () => {
    const row = ann.locator('tr[data-testid="node-row"][data-state="ACTIVE"]');
    await row.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await ann.locator('ts-add-node-form').count()).toBe(0);
    expect(await classLink(ann).count()).toBe(0);
    await ann.getByRole('link', { name: NODE_NAME }).click();
    await ann.getByTestId('led-matrix').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await ann.getByTestId('identify').count()).toBe(0);
    await expectNoAxeViolations('the node page of a learner', ann);
    await ann.goto('/class');
    await ann.waitForURL('**/nodes', { timeout: PAGE_TIMEOUT_MS });

    // Bob, at another computer (here: the API with his own cookie), makes an instance of his own.
    const bob = new CookieClient(manager.baseUrl);
    expect((await bob.signIn('bob', oneTimePasswords.get('bob')!)).status).toBe(200);
    expect((await bob.call('PUT', '/api/me/password', { currentPassword: oneTimePasswords.get('bob'), newPassword: BOB_PASSWORD })).status).toBe(200);
    const made = await change(bob.api, 'POST', '/api/instances', { name: 'bob-web' });
    expect(made.status, JSON.stringify(made)).toBe('succeeded');

    await createInstance(ann, 'ann-web');
    expect(await text(ann.locator('h1'))).toBe('Your instances');
    expect(await ann.locator('th', { hasText: 'Owner' }).count()).toBe(0);
    await shot('learner-instances', ann);
    await expectNoAxeViolations('the instances page of a learner', ann);
    // Neither the page as loaded nor the live stream shows Bob's.
    await ann.reload();
    await instanceRow(ann, 'ann-web').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await ann.getByTestId('instance-row').count()).toBe(1);
    await change(bob.api, 'POST', '/api/nodes/' + made.nodeId + '/instances/bob-web', { action: 'start' });
    await ann.waitForTimeout(1500);
    expect(await instanceRow(ann, 'bob-web').count()).toBe(0);
    expect(await ann.getByTestId('instance-row').count()).toBe(1);
  });

  it('enrols a learner with the class code, signed in at once', async () => {
    const cara = await newBrowserPage();
    await cara.goto('/sign-in');
    await cara.getByRole('link', { name: 'Join the class' }).click();
    await cara.waitForURL('**/join-class', { timeout: PAGE_TIMEOUT_MS });
    await cara.locator('#class-code').fill('wrongcode');
    await cara.locator('#new-username').fill('cara');
    await cara.locator('#new-password').fill('cara has a password');
    await cara.locator('#repeat-password').fill('cara has a password');
    await cara.getByRole('button', { name: 'Join the class' }).click();
    expect(await text(cara.getByTestId('error-code'))).toContain('this class code is not open');
    await shot('join-class', cara);
    await expectNoAxeViolations('the join-class page with a refused code', cara);
    await cara.locator('#class-code').fill(classCode);
    await cara.getByRole('button', { name: 'Join the class' }).click();
    await cara.waitForURL('**/instances', { timeout: PAGE_TIMEOUT_MS });
    expect(await words(cara.getByTestId('signed-in-user'))).toBe('cara member');
    await expect.poll(() => text(cara.locator('td.empty')), { timeout: PAGE_TIMEOUT_MS }).toContain('No instance yet');
  });

  it("shows the teacher everyone's instances with their owners, and who did what in the event log", async () => {
    await teacher.goto('/instances');
    await instanceRow(teacher, 'ann-web').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(instanceRow(teacher, 'ann-web').getByTestId('instance-owner'))).toBe('ann');
    expect(await text(instanceRow(teacher, 'bob-web').getByTestId('instance-owner'))).toBe('bob');
    await shot('teacher-instances', teacher);
    await expectNoAxeViolations('the instances page of the teacher', teacher);

    await teacher.getByRole('link', { name: 'Events' }).click();
    const created = teacher.locator('[data-testid="event-row"]', { hasText: 'instance-created' });
    await expect.poll(() => created.count(), { timeout: PAGE_TIMEOUT_MS }).toBe(2);
    expect((await created.getByTestId('event-actor').allInnerTexts()).sort()).toEqual(['ann', 'bob']);

    await classLink(teacher).click();
    const annRow = teacher.locator('tr[data-user="ann"]');
    await expect.poll(() => text(annRow.getByTestId('user-instances')), { timeout: PAGE_TIMEOUT_MS }).toBe('1 / 5');
    expect(await text(teacher.locator('tr[data-user="bob"] [data-testid="user-running"]'))).toBe('1 / 3');
    expect(await text(teacher.locator('tr[data-user="cara"] [data-testid="user-state"]'))).toBe('active');
  });

  it("gives a learner a quota of their own, and the learner's create over it is refused saying how to free room", async () => {
    const editAnn = teacher.locator('tr[data-user="ann"]').getByTestId('edit-quota');
    await editAnn.click();
    const dialog = teacher.locator('dialog[open]');
    await dialog.locator('#quota-instances').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(dialog.locator('#quota-instances-hint'))).toBe('Default: 5');
    await expectNoAxeViolations('the quota dialog', teacher);
    await dialog.locator('#quota-instances').fill('1');
    await dialog.getByTestId('save-quota').click();
    await dialog.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(editAnn)).toBe(true);
    await expect.poll(() => text(teacher.locator('tr[data-user="ann"] [data-testid="user-instances"]')), { timeout: PAGE_TIMEOUT_MS }).toBe('1 / 1');

    await ann.goto('/instances');
    await ann.getByTestId('new-instance').click();
    const create = ann.getByRole('dialog');
    await create.locator('#instance-name').fill('ann-two');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    expect(await text(create.getByTestId('error-form'))).toContain('Quota reached: you have 1 of 1 instances');
    await expectNoAxeViolations('the create dialog refused by the quota', ann);
    await create.getByRole('button', { name: 'Cancel' }).click();
  });

  it('lets a learner make a personal token (shown once) and revoke it, on their account page', async () => {
    await ann.getByTestId('signed-in-user').click();
    await ann.waitForURL('**/account', { timeout: PAGE_TIMEOUT_MS });
    expect(await text(ann.getByTestId('my-quota'))).toContain('Instances: 1 of 1');
    await ann.locator('#token-name').fill('my laptop');
    await ann.locator('#token-days').fill('7');
    await ann.getByTestId('create-token').click();
    const secret = ann.getByTestId('created-token-secret');
    await secret.waitFor({ timeout: PAGE_TIMEOUT_MS });
    const token = await text(secret);
    expect(token).toMatch(/^ts_/);
    // The token works on the API with ann's rights: her instance only.
    const listed = await bearerApi(manager.baseUrl, token)('GET', '/api/instances');
    expect(listed.body.map((instance: { name: string }) => instance.name)).toEqual(['ann-web']);
    await shot('account', ann);
    await expectNoAxeViolations('the account page with a new token', ann);

    await watchFocusLosses(ann);
    await ann.getByRole('button', { name: 'I have copied it' }).click();
    await secret.waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await hasFocus(ann.locator('#token-name'))).toBe(true);
    await ann.locator('tr[data-token="my laptop"]').getByTestId('revoke-token').click();
    await ann.locator('dialog[open]').waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectNoAxeViolations('the revoke-token dialog', ann);
    await ann.getByTestId('confirm-revoke').click();
    await ann.locator('tr[data-token="my laptop"]').waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    await expect.poll(() => hasFocus(ann.locator('#token-name')), { timeout: PAGE_TIMEOUT_MS }).toBe(true);
    expect(await focusLosses(ann)).toEqual([]);
    expect((await bearerApi(manager.baseUrl, token)('GET', '/api/instances')).status).toBe(401);
  });

  it('deletes a learner after asking what becomes of their instances, keeping focus on the page', async () => {
    await watchFocusLosses(teacher);
    const deleteBob = teacher.locator('tr[data-user="bob"]').getByTestId('delete-user');
    await deleteBob.click();
    const dialog = teacher.locator('dialog[open]');
    await dialog.waitFor({ timeout: PAGE_TIMEOUT_MS });
    await expectNoAxeViolations('the delete-user dialog', teacher);
    await dialog.getByTestId('confirm-delete-user').click();
    expect(await text(dialog.locator('#delete-choice-error'))).toBe('Choose what becomes of their instances.');
    await dialog.getByLabel('Keep them: they become the admin\'s').check();
    await dialog.getByTestId('confirm-delete-user').click();
    await teacher.locator('tr[data-user="bob"]').waitFor({ state: 'detached', timeout: PAGE_TIMEOUT_MS });
    expect(await text(teacher.getByTestId('class-announcement'))).toBe('Deleted "bob". 1 of their instances are yours now.');
    expect(await hasFocus(teacher.locator('#users-heading'))).toBe(true);
    expect(await focusLosses(teacher)).toEqual([]);

    await teacher.goto('/instances');
    await instanceRow(teacher, 'bob-web').waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await text(instanceRow(teacher, 'bob-web').getByTestId('instance-owner'))).toBe('admin');
  });

  it('signs out with the header button: the session ends on the manager too', async () => {
    await ann.getByTestId('sign-out').click();
    await ann.waitForURL('**/sign-in', { timeout: PAGE_TIMEOUT_MS });
    expect(await text(ann.getByTestId('sign-in-notice'))).toBe('Signed out.');
    await ann.goto('/instances');
    await ann.waitForURL('**/sign-in?next=%2Finstances', { timeout: PAGE_TIMEOUT_MS });
    expect(pageErrors).toEqual([]);
  });
});
