import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { bearerApi, CookieClient, sessionCookieLine } from './accounts.js';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from './cluster.js';
import { EventStreamClient } from './event-stream-client.js';
import { httpCall, type Answer } from './http-call.js';
import { change, finished, type ManagerApi } from './operations.js';
import type { SpawnedApp } from './spawned-app.js';
import { waitFor } from './wait-for.js';

const TEACHER_PASSWORD = 'teacher-chooses-this-1';
const ALICE_PASSWORD = 'alice-picked-a-good-one';
const BOB_PASSWORD = 'bob-picked-another-one';
const CAROL_PASSWORD = 'carol-enrols-herself';
/** Easy to read aloud: no 0/O, 1/l/I. */
const ONE_TIME_PASSWORD = /^[A-HJ-NP-Za-km-z2-9]{12}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-999999999999';

const names = (instances: Array<{ name: string }>) => instances.map((instance) => instance.name).sort();

describeWithLxc('accounts for a class: a teacher and two learners (real manager, real compute nodes, real LXC)', () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  /** Every password, token and session id handed out: none may be in the database. */
  const secrets = new Map<string, string>();
  let alpha: SpawnedApp;
  let beta: SpawnedApp;
  let manager: SpawnedApp;
  let dataDirectory: string;
  let adminToken: ManagerApi;
  let teacher: CookieClient;
  let alice: CookieClient;
  let bobTab: CookieClient;
  let bobToken: ManagerApi;
  let bobTokenSecret: string;
  let bobStream: EventStreamClient | undefined;
  let aliceStream: EventStreamClient | undefined;
  const ids: Record<string, string> = {};
  let bobWeb: { nodeId: string; operationId: string };

  const keepSecret = (what: string, value: string) => secrets.set(what, value);

  beforeAll(async () => {
    lxcPaths.push(await createTemporaryLxcPath(), await createTemporaryLxcPath());
    alpha = await computeNodeProcess('alpha', lxcPaths[0]!, scratch);
    beta = await computeNodeProcess('beta', lxcPaths[1]!, scratch);
    const managerDirectory = scratchDirectory('accounts-manager');
    scratch.push(managerDirectory);
    dataDirectory = join(managerDirectory, 'data');
    manager = await managerProcess(managerDirectory);
    await Promise.all([alpha.start(), beta.start(), manager.start()]);
    adminToken = bearerApi(manager.baseUrl, MANAGER_TOKEN);
    keepSecret('MANAGER_TOKEN', MANAGER_TOKEN);
    for (const [node, name] of [[alpha, 'alpha'], [beta, 'beta']] as const) {
      const registered = await adminToken('POST', '/api/nodes', { url: node.baseUrl, token: COMPUTE_TOKEN, name });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    }
    teacher = new CookieClient(manager.baseUrl);
    alice = new CookieClient(manager.baseUrl);
    bobTab = new CookieClient(manager.baseUrl);
  });

  afterAll(async () => {
    await Promise.allSettled([aliceStream, bobStream].filter(Boolean).map((stream) => stream!.close()));
    await Promise.allSettled([manager, alpha, beta].filter(Boolean).map((app) => app.stop()));
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  function rememberSession(what: string, tab: CookieClient): void {
    keepSecret(`${what} session id`, tab.sessionId!);
    keepSecret(`${what} CSRF token`, tab.csrfToken!);
  }

  it('lets the teacher choose a password with the manager token, then sign in with it into a cookie session', async () => {
    const before = await teacher.signIn('admin', TEACHER_PASSWORD);
    expect(before.status).toBe(401);
    expect(before.body.message).toContain('has no password yet: sign in with the manager token');

    const chosen = await adminToken('PUT', '/api/me/password', { newPassword: TEACHER_PASSWORD });
    expect(chosen).toMatchObject({ status: 200, body: { username: 'admin', role: 'admin', mustChangePassword: false } });
    keepSecret('teacher password', TEACHER_PASSWORD);

    const signedIn = await teacher.signIn('admin', TEACHER_PASSWORD);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body).toMatchObject({ user: { username: 'admin', role: 'admin' }, csrfToken: expect.any(String) });
    const cookie = sessionCookieLine(signedIn)!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    // Plain HTTP on the classroom LAN: a Secure cookie would never come back.
    expect(cookie).not.toMatch(/; Secure/);
    rememberSession('teacher', teacher);

    const me = await teacher.call('GET', '/api/me');
    expect(me).toMatchObject({ status: 200, body: { user: { username: 'admin' }, csrfToken: teacher.csrfToken, authenticatedBy: 'session' } });
    expect((await adminToken('GET', '/api/me')).body).toMatchObject({ csrfToken: null, authenticatedBy: 'admin-token' });
  });

  it('keeps the session a token made when another tab exchanges the token again, and replaces it at a password sign-in', async () => {
    const browser = new CookieClient(manager.baseUrl);
    expect((await browser.exchange(MANAGER_TOKEN)).body.user).toMatchObject({ username: 'admin' });
    const made = browser.sessionId!;
    keepSecret('session made from the token', made);
    const stream = await EventStreamClient.connect(`${manager.baseUrl}/api/events`, { cookie: `tinystack_session=${made}` });
    try {
      // Each console tab turns its token into the cookie: a new session each time would end the other tabs' streams.
      expect((await browser.exchange(MANAGER_TOKEN)).status).toBe(200);
      expect(browser.sessionId).toBe(made);
      expect((await browser.call('GET', '/api/me')).body).toMatchObject({ authenticatedBy: 'session', csrfToken: browser.csrfToken });
      expect((await browser.signIn('admin', TEACHER_PASSWORD)).status).toBe(200);
      expect(browser.sessionId).not.toBe(made);
      keepSecret('session after the password sign-in', browser.sessionId!);
      const old = await httpCall(manager.baseUrl, 'GET', '/api/me', { token: null, headers: { cookie: `tinystack_session=${made}` } });
      expect(old.status).toBe(401);
      await waitFor("the replaced session's event stream to end", 5_000, async () => stream.ended);
    } finally {
      await stream.close();
    }
  });

  it('creates learners from a list, all or none, each with a one-time password to replace before anything else', async () => {
    const invalid = await teacher.call('POST', '/api/users/batch', { usernames: ['carol', 'Not A Name'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('"not a name"; nobody was created');
    const created = await teacher.call('POST', '/api/users/batch', { usernames: ['alice', 'bob'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.map((user: { username: string; role: string }) => [user.username, user.role])).toEqual([
      ['alice', 'member'],
      ['bob', 'member'],
    ]);
    const [aliceOnce, bobOnce] = created.body.map((user: { oneTimePassword: string }) => user.oneTimePassword) as [string, string];
    for (const password of [aliceOnce, bobOnce]) expect(password).toMatch(ONE_TIME_PASSWORD);
    keepSecret('alice one-time password', aliceOnce);
    keepSecret('bob one-time password', bobOnce);
    for (const user of created.body) ids[user.username] = user.id;

    const taken = await teacher.call('POST', '/api/users/batch', { usernames: ['carol', 'alice'] });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toBe('This username is taken: "alice"; nobody was created');
    const listed = await teacher.call('GET', '/api/users');
    expect(names(listed.body.map((user: { username: string }) => ({ name: user.username })))).toEqual(['admin', 'alice', 'bob']);

    expect((await alice.signIn('alice', aliceOnce)).body.user).toMatchObject({ username: 'alice', mustChangePassword: true });
    rememberSession('alice (one-time)', alice);
    const held = await alice.call('GET', '/api/instances');
    expect(held.status).toBe(403);
    expect(held.body.message).toContain('set a new password first (PUT /api/me/password)');
    const same = await alice.call('PUT', '/api/me/password', { currentPassword: aliceOnce, newPassword: aliceOnce });
    expect(same.status).toBe(400);
    const set = await alice.call('PUT', '/api/me/password', { currentPassword: aliceOnce, newPassword: ALICE_PASSWORD });
    expect(set).toMatchObject({ status: 200, body: { username: 'alice', mustChangePassword: false } });
    keepSecret('alice password', ALICE_PASSWORD);
    expect(await alice.call('GET', '/api/instances')).toMatchObject({ status: 200, body: [] });

    await bobTab.signIn('bob', bobOnce);
    expect((await bobTab.call('PUT', '/api/me/password', { currentPassword: bobOnce, newPassword: BOB_PASSWORD })).status).toBe(200);
    keepSecret('bob password', BOB_PASSWORD);
    rememberSession('bob', bobTab);
    const token = await bobTab.call('POST', '/api/tokens', { name: 'cli on bob-laptop' });
    expect(token.status, JSON.stringify(token.body)).toBe(201);
    expect(token.body).toMatchObject({ id: expect.any(String), name: 'cli on bob-laptop', token: expect.stringMatching(/^ts_[A-Za-z0-9_-]{43}$/) });
    bobTokenSecret = token.body.token;
    keepSecret('bob personal token', bobTokenSecret);
    bobToken = bearerApi(manager.baseUrl, bobTokenSecret);
    expect((await bobToken('GET', '/api/me')).body).toMatchObject({ user: { username: 'bob' }, csrfToken: null, authenticatedBy: 'token' });
    const tokens = await bobToken('GET', '/api/tokens');
    expect(tokens.body).toEqual([expect.objectContaining({ id: token.body.id, name: 'cli on bob-laptop' })]);
    expect(JSON.stringify(tokens.body)).not.toContain(bobTokenSecret);
  });

  it('keeps the management of the class and of the nodes to the teacher, and lets learners read the nodes', async () => {
    const refusals: Array<[string, string, unknown, string]> = [
      ['POST', '/api/users', { username: 'mallory', role: 'admin' }, 'Only a teacher (admin) can create users'],
      ['GET', '/api/users', undefined, 'Only a teacher (admin) can list the users'],
      ['POST', '/api/nodes', { url: alpha.baseUrl, token: COMPUTE_TOKEN, name: 'again' }, 'Only a teacher (admin) can register nodes'],
      ['PUT', '/api/quota-defaults', { instances: 100 }, 'Only a teacher (admin) can change the quota defaults'],
      ['POST', '/api/class-code', {}, 'Only a teacher (admin) can open a class code'],
    ];
    for (const [method, path, body, message] of refusals) {
      const answer = await alice.call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.message).toBe(message);
    }
    const nodes = await alice.call('GET', '/api/nodes');
    expect(nodes.status).toBe(200);
    expect(nodes.body.map((node: { name: string }) => node.name)).toEqual(['alpha', 'beta']);
    expect((await alice.call('GET', `/api/nodes/${nodes.body[0].id}/led`)).status).toBe(200);
  });

  it('gives each learner their own instances: each sees only theirs, the teacher sees both with owners', async () => {
    aliceStream = await EventStreamClient.connect(`${manager.baseUrl}/api/events`, { cookie: `tinystack_session=${alice.sessionId}` });
    bobStream = await EventStreamClient.connect(`${manager.baseUrl}/api/events`, { authorization: `Bearer ${bobTokenSecret}` });

    const aliceCreate = await change(alice.api, 'POST', '/api/instances', { name: 'alice-web' });
    expect(aliceCreate).toMatchObject({ status: 'succeeded', owner: 'alice', actor: 'alice' });
    const bobAccepted = await bobToken('POST', '/api/instances', { name: 'bob-web' });
    const bobCreate = await finished(bobToken, bobAccepted);
    expect(bobCreate).toMatchObject({ status: 'succeeded', owner: 'bob', actor: 'bob' });
    bobWeb = { nodeId: bobCreate.nodeId, operationId: bobCreate.id };

    const aliceSees = (await alice.call('GET', '/api/instances')).body;
    expect(aliceSees.map((instance: { name: string; owner: string }) => [instance.name, instance.owner])).toEqual([['alice-web', 'alice']]);
    const bobSees = (await bobToken('GET', '/api/instances')).body;
    expect(bobSees.map((instance: { name: string; owner: string }) => [instance.name, instance.owner])).toEqual([['bob-web', 'bob']]);
    const teacherSees = (await teacher.call('GET', '/api/instances')).body;
    expect(teacherSees.map((instance: { name: string; owner: string }) => `${instance.name}:${instance.owner}`).sort()).toEqual([
      'alice-web:alice',
      'bob-web:bob',
    ]);

    const aliceOperations = (await alice.call('GET', '/api/operations')).body;
    expect(aliceOperations.map((operation: { id: string }) => operation.id)).toEqual([aliceCreate.id]);
    const teacherOperations = (await teacher.call('GET', '/api/operations')).body.map((operation: { owner: string }) => operation.owner);
    expect(teacherOperations.sort()).toEqual(['alice', 'bob']);

    const aliceLog = (await alice.call('GET', '/api/events/log?limit=500')).body.events;
    expect(aliceLog.length).toBeGreaterThan(0);
    expect(aliceLog.every((entry: { owner: string | null }) => entry.owner === 'alice')).toBe(true);
    expect(aliceLog[0]).toMatchObject({ action: 'instance-created', instance: 'alice-web', actor: 'alice' });
    const teacherLog = (await teacher.call('GET', '/api/events/log?limit=500')).body.events;
    expect(teacherLog.map((entry: { actor: string }) => entry.actor)).toEqual(expect.arrayContaining(['alice', 'bob', 'admin token']));

    // Each one's live stream: the node figures, and instance lists and operations of their own only.
    await waitFor("alice's stream to list alice-web", 10_000, async () =>
      aliceStream!.messages.some((event) => event.type === 'instances' && event.instances.some((instance: { name: string }) => instance.name === 'alice-web'))
        ? true
        : undefined,
    );
    await waitFor("bob's stream to list bob-web", 10_000, async () =>
      bobStream!.messages.some((event) => event.type === 'instances' && event.instances.some((instance: { name: string }) => instance.name === 'bob-web'))
        ? true
        : undefined,
    );
    expect(aliceStream.messages.some((event) => event.type === 'node-usage')).toBe(true);
    expect(JSON.stringify(aliceStream.messages)).not.toContain('bob-web');
    expect(JSON.stringify(bobStream.messages)).not.toContain('alice-web');
  });

  it("answers every move of a learner on the other's instance as a missing instance, and leaves it alone", async () => {
    const base = `/api/nodes/${bobWeb.nodeId}/instances`;
    const missing = await alice.call('GET', `${base}/no-such-thing`);
    expect(missing.status).toBe(404);
    const words = (name: string) => missing.body.message.replace('no-such-thing', name);
    const moves: Array<[string, string, unknown]> = [
      ['GET', `${base}/bob-web`, undefined],
      ['POST', `${base}/bob-web`, { action: 'start' }],
      ['POST', `${base}/bob-web`, { action: 'stop' }],
      ['PUT', `${base}/bob-web`, { name: 'alice-now' }],
      ['DELETE', `${base}/bob-web?force=true`, undefined],
    ];
    for (const [method, path, body] of moves) {
      const theirs = await alice.call(method, path, body);
      const none = await alice.call(method, path.replace('bob-web', 'ghost-web'), body);
      expect([theirs.status, none.status], `${method} ${path}`).toEqual([404, 404]);
      expect(theirs.body, `${method} ${path}`).toEqual({ ...missing.body, message: words('bob-web') });
      expect(none.body.message).toBe(words('ghost-web'));
    }
    const operation = await alice.call('GET', `/api/operations/${bobWeb.operationId}`);
    const noOperation = await alice.call('GET', `/api/operations/${UNKNOWN_ID}`);
    expect([operation.status, noOperation.status]).toEqual([404, 404]);
    expect(operation.body.message).toBe(noOperation.body.message.replace(UNKNOWN_ID, bobWeb.operationId));

    // Untouched, and still bob's; the teacher reads it with its owner.
    expect((await bobToken('GET', `${base}/bob-web`)).body).toMatchObject({ name: 'bob-web', state: 'STOPPED' });
    expect((await teacher.call('GET', `${base}/bob-web`)).body).toMatchObject({ name: 'bob-web', owner: 'bob' });
    expect(names((await bobToken('GET', '/api/instances')).body)).toEqual(['bob-web']);
  });

  it('refuses a change made with the session cookie without its CSRF token, or with a wrong one', async () => {
    for (const csrf of [false, 'not-the-right-csrf-token'] as const) {
      const create = await alice.call('POST', '/api/instances', { name: 'forged' }, { csrf });
      expect(create.status).toBe(403);
      expect(create.body.message).toMatch(/^missing or wrong CSRF token/);
      const signOut = await alice.call('DELETE', '/api/session', undefined, { csrf });
      expect(signOut.status).toBe(403);
    }
    // Another session's CSRF token is no proof either.
    const borrowed = await alice.call('POST', '/api/instances', { name: 'forged' }, { csrf: bobTab.csrfToken! });
    expect(borrowed.status).toBe(403);
    expect((await alice.call('GET', '/api/me')).status).toBe(200);
    expect(names((await teacher.call('GET', '/api/instances')).body)).toEqual(['alice-web', 'bob-web']);
  });

  it('refuses creates and starts over the quota with their message, allows again after a delete, and holds against creates at once', async () => {
    const defaults = await teacher.call('PUT', '/api/quota-defaults', { instances: 2, running: 1 });
    expect(defaults).toMatchObject({ status: 200, body: { instances: 2, running: 1, memoryMiB: null, memoryEnforced: true } });

    expect(await change(alice.api, 'POST', '/api/instances', { name: 'alice-db' })).toMatchObject({ status: 'succeeded' });
    const third = await alice.call('POST', '/api/instances', { name: 'alice-3' });
    expect(third.status).toBe(403);
    expect(third.body.message).toBe('Quota reached: you have 2 of 2 instances. Delete one first, or ask your teacher for a larger quota.');

    const aliceWeb = (await alice.call('GET', '/api/instances')).body.find((instance: { name: string }) => instance.name === 'alice-web');
    const start = (name: string, nodeId: string) => alice.call('POST', `/api/nodes/${nodeId}/instances/${name}`, { action: 'start' });
    expect(await finished(alice.api, await start('alice-web', aliceWeb.nodeId))).toMatchObject({ status: 'succeeded', result: { state: 'RUNNING' } });
    const aliceDb = (await alice.call('GET', '/api/instances')).body.find((instance: { name: string }) => instance.name === 'alice-db');
    const secondStart = await start('alice-db', aliceDb.nodeId);
    expect(secondStart.status).toBe(403);
    expect(secondStart.body.message).toBe('Quota reached: you have 1 of 1 running instances. Stop one first, or ask your teacher for a larger quota.');

    expect(await change(alice.api, 'DELETE', `/api/nodes/${aliceDb.nodeId}/instances/alice-db`)).toMatchObject({ status: 'succeeded' });
    expect(await change(alice.api, 'POST', '/api/instances', { name: 'alice-3' })).toMatchObject({ status: 'succeeded', owner: 'alice' });
    expect((await alice.call('GET', '/api/me')).body.user).toMatchObject({ quota: { instances: 2, running: 1 }, usage: { instances: 2, running: 1 } });

    // Bob may have four: he has one, so three of eight creates sent at once pass, whatever their order.
    const raised = await teacher.call('PUT', `/api/users/${ids['bob']}`, { quota: { instances: 4 } });
    expect(raised.body.quota).toMatchObject({ instances: 4, running: 1, overrides: { instances: 4, running: null } });
    const burst = await Promise.all(Array.from({ length: 8 }, (_, index) => bobToken('POST', '/api/instances', { name: `bob-lab${index}` })));
    const accepted = burst.filter((answer) => answer.status === 202);
    const refused = burst.filter((answer) => answer.status === 403);
    expect([accepted.length, refused.length]).toEqual([3, 5]);
    for (const answer of refused) {
      expect(answer.body.message).toBe('Quota reached: you have 4 of 4 instances. Delete one first, or ask your teacher for a larger quota.');
    }
    const outcomes = await Promise.all(accepted.map((answer) => finished(bobToken, answer, 120)));
    expect(outcomes.map((operation) => operation.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect((await bobToken('GET', '/api/instances')).body).toHaveLength(4);
    expect((await bobToken('POST', '/api/instances', { name: 'bob-more' })).status).toBe(403);

    // The teacher is held by no quota, and may create for a learner.
    const forBob = await change(teacher.api, 'POST', '/api/instances', { name: 'bob-extra', owner: 'bob' });
    expect(forBob).toMatchObject({ status: 'succeeded', owner: 'bob', actor: 'admin' });
    expect((await bobToken('GET', '/api/instances')).body).toHaveLength(5);
    const notForOthers = await alice.call('POST', '/api/instances', { name: 'for-bob', owner: 'bob' });
    expect(notForOthers.status).toBe(403);

    // Back to the default.
    const reset = await teacher.call('PUT', `/api/users/${ids['bob']}`, { quota: { instances: null } });
    expect(reset.body.quota).toMatchObject({ instances: 2, overrides: { instances: null } });
  });

  it("ends a disabled learner's session, tokens and event stream at once, and lets them back in once enabled", async () => {
    expect((await bobTab.call('GET', '/api/me')).status).toBe(200);
    expect(bobStream!.ended).toBeUndefined();
    const disabled = await teacher.call('PUT', `/api/users/${ids['bob']}`, { disabled: true });
    expect(disabled).toMatchObject({ status: 200, body: { username: 'bob', disabled: true } });

    expect((await bobTab.call('GET', '/api/me')).status).toBe(401);
    const byToken = await bobToken('GET', '/api/instances');
    expect(byToken.status).toBe(401);
    expect(byToken.body.message).toBe('The account "bob" is disabled: ask your teacher to enable it');
    const again = await new CookieClient(manager.baseUrl).signIn('bob', BOB_PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body.message).toContain('is disabled');
    await waitFor("bob's event stream to end", 5_000, async () => bobStream!.ended);

    const selfDisable = await teacher.call('PUT', `/api/users/${(await teacher.call('GET', '/api/me')).body.user.id}`, { disabled: true });
    expect(selfDisable.status).toBe(409);

    expect((await teacher.call('PUT', `/api/users/${ids['bob']}`, { disabled: false })).body.disabled).toBe(false);
    expect((await bobToken('GET', '/api/instances')).status).toBe(200);
    // The session that was open when he was disabled stays ended.
    expect((await bobTab.call('GET', '/api/me')).status).toBe(401);
    expect((await bobTab.signIn('bob', BOB_PASSWORD)).status).toBe(200);
    rememberSession('bob (again)', bobTab);
  });

  it('limits failed sign-ins per username with 429 and Retry-After, logs them without the password, and a reset lets the learner in', async () => {
    const guesser = new CookieClient(manager.baseUrl);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await guesser.signIn('alice', `guess-number-${attempt}`);
      expect(wrong).toMatchObject({ status: 401, body: { message: 'Wrong username or password' } });
    }
    const limited = await guesser.signIn('alice', ALICE_PASSWORD);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(limited.body.message).toBe('Too many failed sign-ins for "alice": try again in 15 minutes, or ask your teacher to reset your password');
    expect(manager.log()).toContain('Failed sign-in for "alice" from 127.0.0.1: wrong password');
    expect(manager.log()).not.toContain('guess-number');
    // Only alice's name is held: bob signs in.
    expect((await new CookieClient(manager.baseUrl).signIn('bob', BOB_PASSWORD)).status).toBe(200);

    const reset = await teacher.call('POST', `/api/users/${ids['alice']}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.oneTimePassword).toMatch(ONE_TIME_PASSWORD);
    keepSecret('alice second one-time password', reset.body.oneTimePassword);
    // Her open session ended with the reset.
    expect((await alice.call('GET', '/api/me')).status).toBe(401);
    expect((await alice.signIn('alice', reset.body.oneTimePassword)).body.user).toMatchObject({ mustChangePassword: true });
    const chosen = await alice.call('PUT', '/api/me/password', { currentPassword: reset.body.oneTimePassword, newPassword: `${ALICE_PASSWORD}-2` });
    expect(chosen.status).toBe(200);
    keepSecret('alice second password', `${ALICE_PASSWORD}-2`);
    rememberSession('alice (after reset)', alice);
  });

  it('enrols learners with the class code while it is open, and no more once it is closed', async () => {
    const opened = await teacher.call('POST', '/api/class-code', { minutes: 30 });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const { code } = opened.body;
    expect(await teacher.call('GET', '/api/class-code')).toMatchObject({ status: 200, body: { open: true, code, expiresAt: opened.body.expiresAt } });

    const carol = new CookieClient(manager.baseUrl);
    const wrong = await carol.enrol(`${code}x`, 'carol', CAROL_PASSWORD);
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toContain('this class code is not open');
    const enrolled = await carol.enrol(code, 'carol', CAROL_PASSWORD);
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    expect(enrolled.body.user).toMatchObject({ username: 'carol', role: 'member', mustChangePassword: false, quota: { instances: 2, running: 1 } });
    keepSecret('carol password', CAROL_PASSWORD);
    rememberSession('carol', carol);
    expect((await carol.call('GET', '/api/me')).body).toMatchObject({ user: { username: 'carol' }, authenticatedBy: 'session' });
    expect(await carol.call('GET', '/api/instances')).toMatchObject({ status: 200, body: [] });

    for (const username of ['carol', 'alice']) {
      const taken = await new CookieClient(manager.baseUrl).enrol(code, username, 'another-password-1');
      expect(taken.status).toBe(409);
      expect(taken.body.message).toBe(`The username "${username}" is taken: choose another`);
    }

    expect((await teacher.call('DELETE', '/api/class-code')).status).toBe(204);
    expect((await teacher.call('GET', '/api/class-code')).body).toEqual({ open: false, code: null, expiresAt: null });
    const closed = await new CookieClient(manager.baseUrl).enrol(code, 'dave', 'dave-password-1');
    expect(closed.status).toBe(403);
    expect(closed.body.message).toContain('this class code is not open');
    expect((await teacher.call('GET', '/api/users')).body.map((user: { username: string }) => user.username)).toEqual(['admin', 'alice', 'bob', 'carol']);
  });

  it('keeps no password, token or session id in plain text in the SQLite file or its WAL', () => {
    const files = readdirSync(dataDirectory).filter((file) => file.startsWith('manager.sqlite'));
    expect(files).toEqual(expect.arrayContaining(['manager.sqlite', 'manager.sqlite-wal']));
    const bytes = Buffer.concat(files.map((file) => readFileSync(join(dataDirectory, file))));
    // The search finds what is there: the usernames and instance names are stored as they are.
    for (const stored of ['carol', 'alice-web', 'cli on bob-laptop']) expect(bytes.includes(Buffer.from(stored)), stored).toBe(true);
    expect(secrets.size).toBeGreaterThanOrEqual(15);
    for (const [what, secret] of secrets) expect(bytes.includes(Buffer.from(secret)), `${what} is in the database`).toBe(false);
    expect(statSync(join(dataDirectory, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(manager.log()).not.toContain(TEACHER_PASSWORD);
    expect(manager.log()).not.toContain(bobTokenSecret);
  });

  it('keeps sessions across a manager restart, and ends one at sign-out', async () => {
    await manager.stop();
    await manager.start();
    expect((await teacher.call('GET', '/api/me')).body.user).toMatchObject({ username: 'admin' });
    // The nodes are ACTIVE again before anything is asked of them.
    await waitFor('both nodes to be ACTIVE after the restart', 10_000, async () => {
      const nodes = (await teacher.call('GET', '/api/nodes')).body;
      return nodes.every((node: { state: string }) => node.state === 'ACTIVE') ? true : undefined;
    });
    expect((await bobToken('GET', '/api/me')).body.user).toMatchObject({ username: 'bob' });
    const signOut = await alice.call('DELETE', '/api/session');
    expect(signOut.status).toBe(204);
    expect(alice.sessionId).toBeNull();
    const replayed = await httpCall(manager.baseUrl, 'GET', '/api/me', {
      token: null,
      headers: { cookie: `tinystack_session=${secrets.get('alice (after reset) session id')}` },
    });
    expect(replayed.status).toBe(401);
  });

  it("deletes learners, giving their instances to the teacher or deleting them, and ends their access", async () => {
    expect((await teacher.call('DELETE', `/api/users/${ids['alice']}`)).status).toBe(400);
    const aliceGone = await teacher.call('DELETE', `/api/users/${ids['alice']}?instances=reassign`);
    expect(aliceGone.status, JSON.stringify(aliceGone.body)).toBe(200);
    expect(aliceGone.body.operations).toEqual([]);
    expect(aliceGone.body.reassigned.map((entry: { instance: string }) => entry.instance).sort()).toEqual(['alice-3', 'alice-web']);
    const owners = (await teacher.call('GET', '/api/instances')).body;
    expect(owners.filter((instance: { name: string }) => instance.name.startsWith('alice')).map((instance: { owner: string }) => instance.owner)).toEqual([
      'admin',
      'admin',
    ]);
    expect((await alice.signIn('alice', `${ALICE_PASSWORD}-2`)).status).toBe(401);

    const bobGone: Answer = await teacher.call('DELETE', `/api/users/${ids['bob']}?instances=delete`);
    expect(bobGone.status, JSON.stringify(bobGone.body)).toBe(200);
    expect(bobGone.body.operations).toHaveLength(5);
    for (const operation of bobGone.body.operations) {
      expect(operation).toMatchObject({ action: 'delete', owner: 'bob', actor: 'admin' });
      const done = await teacher.call('GET', `/api/operations/${operation.id}?wait=60`);
      expect(done.body.status).toBe('succeeded');
    }
    expect(names((await teacher.call('GET', '/api/instances')).body)).toEqual(['alice-3', 'alice-web']);
    expect((await bobToken('GET', '/api/me')).status).toBe(401);
    expect((await bobTab.call('GET', '/api/me')).status).toBe(401);
  });
});
