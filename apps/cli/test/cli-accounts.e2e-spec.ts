import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { COMPUTE_TOKEN, computeNodeProcess, MANAGER_TOKEN, managerProcess, scratchDirectory } from '../../manager/test/cluster.js';
import { httpCall } from '../../manager/test/http-call.js';
import { builtApp, type SpawnedApp } from '../../manager/test/spawned-app.js';
import { cliEnvironment, OPERATION_ID, runTinystack, type CliRun } from './cli-process.js';

const LEARNERS = ['ada', 'bea', 'cai'] as const;
/** What a create that succeeded prints: the operation the manager accepted, then its end. */
const createdOnAlpha = (name: string) => new RegExp(`^Creating ${name} on alpha \\(operation ${OPERATION_ID}\\)…\nCreated ${name} on alpha: STOPPED\\.\n$`);
const configOf = (home: string) => join(home, '.config', 'tinystack', 'config.json');

describeWithLxc('tinystack accounts (from dist) against a real manager and a compute node with real LXC', () => {
  const scratch: string[] = [];
  let lxcPath: string;
  let node: SpawnedApp;
  let manager: SpawnedApp;
  let root: string;
  /** The teacher, with MANAGER_TOKEN in the environment. */
  let teacher: Record<string, string>;
  /** Each learner's home, where their login keeps its token; nothing else in their environment. */
  const homes = new Map<string, string>();
  const oneTimePasswords = new Map<string, string>();
  const chosen = (name: string) => `${name}-chose-this-one`;

  const run = (env: Record<string, string>, args: string[], stdin?: string): Promise<CliRun> => runTinystack(args, env, builtApp('cli'), stdin);
  const ok = async (env: Record<string, string>, ...args: string[]): Promise<string> => {
    const done = await run(env, args);
    expect(done, `tinystack ${args.join(' ')}`).toMatchObject({ code: 0, stderr: '' });
    return done.stdout;
  };
  const learner = (name: string) => cliEnvironment(homes.get(name)!);
  const savedToken = (name: string): string => JSON.parse(readFileSync(configOf(homes.get(name)!), 'utf8')).token;

  beforeAll(async () => {
    lxcPath = await createTemporaryLxcPath();
    node = await computeNodeProcess('accounts-node', lxcPath, scratch);
    root = scratchDirectory('cli-accounts');
    scratch.push(root);
    const managerDirectory = scratchDirectory('cli-accounts-manager');
    scratch.push(managerDirectory);
    manager = await managerProcess(managerDirectory);
    await Promise.all([node.start(), manager.start()]);
    teacher = cliEnvironment(join(root, 'teacher'), { TINYSTACK_URL: manager.baseUrl, TINYSTACK_TOKEN: MANAGER_TOKEN });
    await ok(teacher, 'node', 'add', node.baseUrl, '--token', COMPUTE_TOKEN, '--name', 'alpha');
    for (const name of LEARNERS) {
      const home = join(root, name);
      mkdirSync(home, { recursive: true });
      homes.set(name, home);
    }
  });

  afterAll(async () => {
    await Promise.allSettled([manager, node].filter(Boolean).map((app) => app.stop()));
    if (lxcPath) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it('adds three learners in one call, printing a sheet of one-time passwords', async () => {
    const sheet = await ok(teacher, 'user', 'add', ...LEARNERS);
    expect(sheet).toContain(`Sign in at ${manager.baseUrl}`);
    const lines = sheet.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^USER +ROLE +ONE-TIME PASSWORD$/));
    for (const name of LEARNERS) {
      const row = lines.find((line) => line.startsWith(`${name} `));
      const match = /^\S+ +member +(\S+)$/.exec(row ?? '');
      expect(match, `${name}'s row in ${sheet}`).not.toBeNull();
      oneTimePasswords.set(name, match![1]!);
    }
    // One call: all three were made at the same moment, and they are all the manager has besides admin.
    const users = JSON.parse(await ok(teacher, 'users', '--json'));
    expect(users.map((user: { username: string }) => user.username).sort()).toEqual(['ada', 'admin', 'bea', 'cai']);
    expect(new Set(users.filter((user: { builtIn: boolean }) => !user.builtIn).map((user: { createdAt: string }) => user.createdAt)).size).toBe(1);
    expect(await ok(teacher, 'users')).toMatch(/^ada +member +one-time password +0\/5 +0\/3 /m);
  });

  it('signs each learner in with their one-time password, choosing their own, into a token in a 0600 file that whoami uses', async () => {
    for (const name of LEARNERS) {
      const home = homes.get(name)!;
      const env = cliEnvironment(home, { TINYSTACK_URL: manager.baseUrl });
      // A one-time password without a new one on the second line: refused, and nothing is saved.
      const unchosen = await run(env, ['login', '--username', name, '--password-stdin'], `${oneTimePasswords.get(name)}\n`);
      expect(unchosen).toMatchObject({ code: 1, stdout: '' });
      expect(unchosen.stderr).toContain(`${name} signed in with a one-time password and must choose a new one first`);

      const login = await run(env, ['login', '--username', name, '--password-stdin'], `${oneTimePasswords.get(name)}\n${chosen(name)}\n`);
      expect(login, name).toMatchObject({ code: 0, stderr: '' });
      expect(login.stdout).toMatch(new RegExp(`^Signed in to ${manager.baseUrl} as ${name} \\(member\\)\\. Your new password is set\\.`));
      expect(statSync(configOf(home)).mode & 0o777).toBe(0o600);
      const saved = JSON.parse(readFileSync(configOf(home), 'utf8'));
      expect(saved).toMatchObject({ url: manager.baseUrl, token: expect.stringMatching(/^ts_/), tokenId: expect.any(String), username: name });
      expect(login.stdout).not.toContain(saved.token);

      // No URL, no token in the environment: the file says both.
      const whoami = await ok(learner(name), 'whoami');
      expect(whoami).toMatch(new RegExp(`^User +${name}$`, 'm'));
      expect(whoami).toMatch(/^Signed in with +a personal token \(from the config file\)$/m);
      expect(JSON.parse(await ok(learner(name), 'whoami', '--json'))).toMatchObject({ user: { username: name, mustChangePassword: false }, authenticatedBy: 'token' });
      const tokens = JSON.parse(await ok(learner(name), 'tokens', '--json'));
      expect(tokens).toEqual([expect.objectContaining({ id: saved.tokenId, name: expect.stringMatching(/^cli on /) })]);
      // The session that made the token was signed out: the password signs in again, the token is the only credential kept.
      expect((await httpCall(manager.baseUrl, 'POST', '/api/session', { token: null, body: { username: name, password: chosen(name) } })).status).toBe(200);
    }
  });

  it('refuses a wrong password with the manager\'s words and saves nothing', async () => {
    const home = join(root, 'stranger');
    mkdirSync(home);
    const refused = await run(cliEnvironment(home, { TINYSTACK_URL: manager.baseUrl }), ['login', '--username', 'ada', '--password-stdin'], 'not-her-password\n');
    const direct = await httpCall(manager.baseUrl, 'POST', '/api/session', { token: null, body: { username: 'ada', password: 'not-her-password' } });
    expect(direct.status).toBe(401);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: `tinystack: ${direct.body.message}\n` });
    expect(() => statSync(configOf(home))).toThrow();
  });

  it('refuses the admin verbs to a learner, in words that say why', async () => {
    for (const args of [['users'], ['user', 'add', 'dan'], ['user', 'reset', 'bea'], ['quota', '--instances', '9'], ['class-code', 'open'], ['user', 'delete', 'bea', '--instances', 'reassign']]) {
      const refused = await run(learner('ada'), args);
      expect(refused, args.join(' ')).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr, args.join(' ')).toMatch(/^tinystack: Only a teacher \(admin\) can [^\n]+\n$/);
    }
    expect(JSON.parse(await ok(teacher, 'users', '--json'))).toHaveLength(4);
  });

  it("shows the teacher every instance with its owner, and a learner only their own, without the column", async () => {
    expect(await ok(learner('ada'), 'create', 'lab-ada', '--node', 'alpha')).toMatch(createdOnAlpha('lab-ada'));
    expect(await ok(learner('bea'), 'create', 'lab-bea', '--node', 'alpha')).toMatch(createdOnAlpha('lab-bea'));
    const all = await ok(teacher, 'ls');
    expect(all).toMatch(/^NAME +OWNER +STATE +NODE +IPV4$/m);
    expect(all).toMatch(/^lab-ada +ada +STOPPED +alpha /m);
    expect(all).toMatch(/^lab-bea +bea +STOPPED +alpha /m);
    expect(await ok(learner('ada'), 'ls')).toMatch(/^NAME +STATE +NODE +IPV4\nlab-ada +STOPPED +alpha +-\n$/);
    // Someone else's instance is not there for her, in the words a missing one gets.
    expect(await run(learner('ada'), ['delete', 'lab-bea'])).toMatchObject({ code: 1, stderr: 'tinystack: no instance named "lab-bea" (tinystack instances lists them)\n' });
  });

  it("sets a learner's quota by name and the defaults, and the manager holds them to it", async () => {
    expect(await ok(teacher, 'user', 'quota', 'ADA', '--instances', '1')).toMatch(/^Instances +1 of 1 instances \(their own\)$/m);
    const refused = await run(learner('ada'), ['create', 'lab-ada2', '--node', 'alpha']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^tinystack: Quota reached: you have 1 of 1 instances\./);
    expect(await ok(teacher, 'user', 'quota', 'ada', '--default')).toMatch(/^Instances +1 of 5 instances \(the default\)$/m);
    expect(await ok(teacher, 'quota', '--running', 'unlimited')).toMatch(/^Running +unlimited$/m);
    expect(JSON.parse(await ok(teacher, 'quota', '--json'))).toMatchObject({ instances: 5, running: null });
  });

  it('disables and enables a learner, whose token stops and starts working at once', async () => {
    expect(await ok(teacher, 'user', 'disable', 'cai')).toBe('Disabled cai: their sessions and tokens stopped working.\n');
    const locked = await run(learner('cai'), ['whoami']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('(the token came from');
    expect(await ok(teacher, 'user', 'enable', 'cai')).toBe('Enabled cai.\n');
    expect(await ok(learner('cai'), 'whoami')).toMatch(/^User +cai$/m);
  });

  it('logs out by revoking the token: a request with it is then refused', async () => {
    const token = savedToken('cai');
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token })).status).toBe(200);
    expect(await ok(learner('cai'), 'logout')).toMatch(new RegExp(`^Signed out of ${manager.baseUrl} as cai: revoked the token and removed it from `));
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token })).status).toBe(401);
    expect(JSON.parse(readFileSync(configOf(homes.get('cai')!), 'utf8'))).toEqual({ url: manager.baseUrl });
    expect(await run(learner('cai'), ['whoami'])).toMatchObject({ code: 2, stderr: expect.stringContaining('sign in with tinystack login') });
    // The address stayed: logging in again needs no --url, and replaces the earlier login's token, revoking it.
    await expect(run(learner('cai'), ['login', '--username', 'cai', '--password-stdin'], `${chosen('cai')}\n`)).resolves.toMatchObject({ code: 0 });
    const first = savedToken('cai');
    await expect(run(learner('cai'), ['login', '--username', 'cai', '--password-stdin'], `${chosen('cai')}\n`)).resolves.toMatchObject({ code: 0 });
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token: first })).status).toBe(401);
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token: savedToken('cai') })).status).toBe(200);
  });

  it('resets a forgotten password to a new one-time password that signs in', async () => {
    const reset = await ok(teacher, 'user', 'reset', 'bea');
    const password = /^bea +member +(\S+)$/m.exec(reset)?.[1];
    expect(password, reset).toBeDefined();
    const signIn = await httpCall(manager.baseUrl, 'POST', '/api/session', { token: null, body: { username: 'bea', password } });
    expect(signIn).toMatchObject({ status: 200, body: { user: { username: 'bea', mustChangePassword: true } } });
  });

  it('deletes a learner with their instances, waiting for the deletes, or gives them to admin', async () => {
    expect(await run(teacher, ['user', 'delete', 'bea'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--instances reassign (to admin) or --instances delete') });
    expect(await ok(teacher, 'user', 'delete', 'bea', '--instances', 'delete')).toBe('Deleted the user bea.\nDeleted lab-bea from alpha.\n');
    const names = JSON.parse(await ok(teacher, 'instances', '--json')).map((instance: { name: string }) => instance.name);
    expect(names).toEqual(['lab-ada']);
    expect(await ok(teacher, 'user', 'delete', 'ada', '--instances', 'reassign')).toBe('Deleted the user ada.\nlab-ada on alpha now belongs to admin.\n');
    expect(JSON.parse(await ok(teacher, 'instances', '--json'))).toMatchObject([{ name: 'lab-ada', owner: 'admin' }]);
    expect(await run(learner('ada'), ['whoami'])).toMatchObject({ code: 1 });
    await ok(teacher, 'delete', 'lab-ada');
  });

  it('opens, shows and closes the class code', async () => {
    const opened = JSON.parse(await ok(teacher, 'class-code', 'open', '--minutes', '5', '--json'));
    expect(opened).toMatchObject({ code: expect.any(String), expiresAt: expect.any(String) });
    expect(await ok(teacher, 'class-code')).toContain(`    ${opened.code}\n`);
    const enrolled = await httpCall(manager.baseUrl, 'POST', '/api/enrol', { token: null, body: { code: opened.code, username: 'eve', password: chosen('eve') } });
    expect(enrolled.status).toBe(201);
    expect(await ok(teacher, 'class-code', 'close')).toBe('The class code is closed.\n');
    expect(await ok(teacher, 'class-code', 'show')).toMatch(/^No class code is open\./);
  });

  it('makes and revokes personal tokens for scripts, shown once', async () => {
    const made = await ok(learner('cai'), 'token', 'add', 'backup-script', '--days', '7');
    const secret = /^ {2}(ts_\S+)$/m.exec(made)?.[1];
    expect(secret, made).toBeDefined();
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token: secret })).body).toMatchObject({ user: { username: 'cai' } });
    const listed = await ok(learner('cai'), 'tokens');
    expect(listed).toContain('backup-script');
    expect(listed).toContain('(this login)');
    expect(listed).not.toContain(secret);
    expect(listed).toMatch(/^[0-9a-f]{8} +cli on \S+ \(this login\) +never +\d{4}-/m);
    const shortId = /^([0-9a-f]{8}) +backup-script /m.exec(listed)?.[1];
    expect(made).toContain(`tinystack token revoke ${shortId}`);
    expect(await ok(learner('cai'), 'token', 'revoke', shortId!)).toMatch(/^Revoked the token "backup-script" \(/);
    expect((await httpCall(manager.baseUrl, 'GET', '/api/me', { token: secret })).status).toBe(401);
  });
});
