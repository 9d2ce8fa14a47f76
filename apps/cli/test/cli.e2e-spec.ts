import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { ScriptedManager } from '@tinystack/manager-client/test-support';
import { FakeComputeNode } from '../../../bench/manager-fake-node.js';
import {
  COMPUTE_TOKEN,
  computeNodeProcess,
  MANAGER_TOKEN,
  managerProcess,
  pathWith,
  scratchDirectory,
  slowToolDirectory,
} from '../../manager/test/cluster.js';
import { httpCall } from '../../manager/test/http-call.js';
import { freePort, type SpawnedApp } from '../../manager/test/spawned-app.js';
import { waitFor } from '../../manager/test/wait-for.js';
import { cliEnvironment, OPERATION_ID, RunningTinystack, runTinystack, type CliRun } from './cli-process.js';

const REPOSITORY = join(__dirname, '..', '..', '..');
/** A node name as long as the manager allows in a table cell's worst case. */
const LONG_NODE_NAME = 'beta-node-in-the-back-row-of-classroom-twelve';
const LONG_INSTANCE_NAME = 'an-instance-with-a-name-as-long-as-a-hostname-label-may-be-ok-x';
/** How long beta's lxc-stop sleeps first: a slow board, whose stops can be watched while they run. */
const SLOW_STOP_SECONDS = 5;

const widest = (text: string) => Math.max(0, ...text.split('\n').map((line) => line.length));

describeWithLxc('tinystack CLI (from dist) against a real manager and compute nodes with real LXC', () => {
  const scratch: string[] = [];
  const lxcPaths: string[] = [];
  let alpha: SpawnedApp;
  let beta: SpawnedApp;
  let manager: SpawnedApp;
  let home: string;
  /** The manager's address and token in the environment, as a user with TINYSTACK_URL/TOKEN set. */
  let env: Record<string, string>;

  const tinystack = (...args: string[]): Promise<CliRun> => runTinystack(args, env);
  const json = async (...args: string[]) => {
    const run = await tinystack(...args, '--json');
    expect(run, `tinystack ${args.join(' ')} --json`).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };
  const ok = async (...args: string[]): Promise<string> => {
    const run = await tinystack(...args);
    expect(run, `tinystack ${args.join(' ')}`).toMatchObject({ code: 0, stderr: '' });
    return run.stdout;
  };
  /**
   * A change verb that succeeded: its first line is the operation the manager
   * accepted ("Stopping web1 on alpha (operation <id>)…"); the rest, what it did.
   */
  const changed = async (...args: string[]): Promise<string> => afterAccepted(await ok(...args), args.join(' '));
  const afterAccepted = (stdout: string, what: string): string => {
    const [accepted, ...rest] = stdout.split('\n');
    expect(accepted, `the first line of tinystack ${what}`).toMatch(new RegExp(`^[A-Z][a-z]+ing \\S+( to \\S+)? on \\S+ \\(operation ${OPERATION_ID}\\)…$`));
    return rest.join('\n');
  };

  beforeAll(async () => {
    lxcPaths.push(await createTemporaryLxcPath(), await createTemporaryLxcPath());
    alpha = await computeNodeProcess('alpha', lxcPaths[0]!, scratch);
    const slowStop = slowToolDirectory('lxc-stop', SLOW_STOP_SECONDS, scratch);
    beta = await computeNodeProcess('beta', lxcPaths[1]!, scratch, { env: { PATH: pathWith(slowStop) } });
    const managerDirectory = scratchDirectory('cli-manager');
    home = scratchDirectory('cli-home');
    scratch.push(managerDirectory, home);
    manager = await managerProcess(managerDirectory);
    await Promise.all([alpha.start(), beta.start(), manager.start()]);
    env = cliEnvironment(home, { TINYSTACK_URL: manager.baseUrl, TINYSTACK_TOKEN: MANAGER_TOKEN });
  });

  afterAll(async () => {
    await Promise.allSettled([manager, alpha, beta].filter(Boolean).map((app) => app.stop()));
    for (const lxcPath of lxcPaths) await removeLxcPath(lxcPath);
    for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
  });

  it("registers nodes, keeping the manager's message when it refuses one", async () => {
    const tokenFile = join(home, 'alpha-token');
    writeFileSync(tokenFile, `${COMPUTE_TOKEN}\n`, { mode: 0o600 });
    const added = await ok('node', 'add', alpha.baseUrl, '--token-file', tokenFile, '--name', 'alpha');
    expect(added).toMatch(/^Registered alpha \([0-9a-f-]{36}\) at http:\/\/127\.0\.0\.1:\d+: ACTIVE\.\n$/);

    const wrong = await tinystack('node', 'add', beta.baseUrl, '--token', 'not-the-node-token-0123');
    const refusal = await httpCall(manager.baseUrl, 'POST', '/api/nodes', { token: MANAGER_TOKEN, body: { url: beta.baseUrl, token: 'not-the-node-token-0123' } });
    expect(refusal.status).toBe(422);
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: `tinystack: ${refusal.body.message}\n` });

    const node = await json('node', 'add', beta.baseUrl, '--token', COMPUTE_TOKEN, '--name', LONG_NODE_NAME);
    expect(node).toMatchObject({ name: LONG_NODE_NAME, url: beta.baseUrl, state: 'ACTIVE' });
    expect(JSON.stringify(node)).not.toContain(COMPUTE_TOKEN);
  });

  it('lists the nodes in a table that fits 80 columns, and as JSON', async () => {
    const table = await ok('nodes');
    expect(widest(table)).toBeLessThanOrEqual(80);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +STATE +CPU +MEM +RX\/s +TX\/s +IOPS +INST +ADDRESS$/);
    expect(lines.find((line) => line.startsWith('alpha '))).toMatch(/ ACTIVE .* 0\/0 +127\.0\.0\.1:\d+$/);
    expect(lines.find((line) => line.startsWith('beta-node'))).toMatch(/^beta-node\S*… +ACTIVE /);

    const nodes = await json('nodes');
    expect(nodes.map((node: { name: string }) => node.name).sort()).toEqual(['alpha', LONG_NODE_NAME]);
  });

  it('makes, lists and revokes device tokens, and shows how to reach the MQTT broker and who is connected', async () => {
    const info = await ok('mqtt');
    expect(info).toMatch(/^Broker: +127\.0\.0\.1:\d+ \(MQTT over TCP\)/);
    expect(info).toContain("mosquitto_sub -h 127.0.0.1 -p ");
    expect(info).toContain("-u admin -P '<your token>'");
    expect(info).not.toContain(MANAGER_TOKEN);
    const added = await ok('device', 'add', 'esp32 on the robot');
    const token = /\b(tsd_[A-Za-z0-9_-]{43})\b/.exec(added)?.[1];
    expect(token, added).toBeDefined();
    expect(added).toContain(`-P '${token}'`);
    const [device] = await json('device', 'list');
    expect(device).toMatchObject({ name: 'esp32 on the robot', username: 'admin', connected: false });
    expect(await ok('device', 'list')).toMatch(/^ID +NAME +USER +CREATED +LAST USED +ONLINE\n/);
    expect(await ok('mqtt', 'clients')).toBe('No MQTT clients are connected.\n');
    expect(await ok('device', 'revoke', device.id)).toContain('Revoked the device token');
    expect(await json('device', 'list')).toEqual([]);
    expect(await tinystack('device', 'revoke', device.id)).toMatchObject({ code: 1, stderr: expect.stringContaining('no device with id') });
  });

  it('takes an instance through its whole life, each change an operation followed to its end', async () => {
    const created = await ok('create', 'web1', '--node', 'alpha');
    expect(created).toMatch(new RegExp(`^Creating web1 on alpha \\(operation ${OPERATION_ID}\\)…\nCreated web1 on alpha: STOPPED\\.\n$`));
    // MANAGER_TOKEN acts as the admin, who sees the owner of every instance.
    expect(await ok('instances')).toMatch(/^NAME +OWNER +STATE +NODE +IPV4\nweb1 +admin +STOPPED +alpha +-\n$/);

    expect(await changed('start', 'web1')).toMatch(/^web1 on alpha is RUNNING/);
    const details = await json('instance', 'web1');
    expect(details).toMatchObject({ name: 'web1', state: 'RUNNING', nodeName: 'alpha', pid: expect.any(Number) });
    expect(await ok('instance', 'web1')).toMatch(new RegExp(`^PID +${details.pid}$`, 'm'));

    // A running instance cannot be renamed or deleted without --force: the operation fails with the node's words, exit 1.
    const rename = await tinystack('rename', 'web1', 'web2');
    expect(rename.code).toBe(1);
    expect(afterAccepted(rename.stdout, 'rename web1 web2')).toBe('');
    expect(rename.stderr).toMatch(/^tinystack: Node "alpha": Instance "web1" is running: stop it before you rename it\n$/);

    expect(await changed('restart', 'web1', '--force')).toMatch(/^web1 on alpha is RUNNING/);
    const stopped = await json('stop', 'web1', '--timeout', '5');
    expect(stopped).toMatchObject({ action: 'stop', status: 'succeeded', result: { name: 'web1', state: 'STOPPED', pid: null }, error: null });
    expect(await changed('rename', 'web1', 'web2')).toBe('Renamed web1 to web2 on alpha.\n');
    expect(await changed('start', 'web2')).toMatch(/^web2 on alpha is RUNNING/);

    const refused = await tinystack('delete', 'web2');
    expect(refused.code).toBe(1);
    expect(afterAccepted(refused.stdout, 'delete web2')).toBe('');
    expect(refused.stderr).toContain('is running');
    expect(await changed('delete', 'web2', '--force')).toBe('Deleted web2 from alpha.\n');
    expect(await json('instances')).toEqual([]);
    expect(await tinystack('start', 'web2')).toMatchObject({ code: 1, stderr: 'tinystack: no instance named "web2" (tinystack instances lists them)\n' });

    // The refusals were operations that failed: listed, with the node's words below the table.
    const failed = (await ok('operations', '--status', 'failed')).replace(/\s+/g, ' ');
    expect(failed).toMatch(/^ID STATUS ACTION INSTANCE NODE STARTED TOOK [0-9a-f]{8} failed delete web2 alpha /);
    expect(failed).toContain('the rename of web1 on alpha failed: Node "alpha": Instance "web1" is running: stop it before you rename it');
  });

  it('places an instance itself without --node, and says where and why', async () => {
    const created = await json('create', 'placed', '--start');
    expect(created).toMatchObject({ status: 'succeeded', result: { name: 'placed', state: 'RUNNING' }, placement: { candidates: expect.any(Array) } });
    expect(created.placement.candidates).toHaveLength(2);
    expect(created.nodeName).toBe(created.placement.candidates[0].nodeName);
    expect(await changed('delete', 'placed', '--force')).toBe(`Deleted placed from ${created.nodeName}.\n`);

    const said = await changed('create', 'placed2');
    expect(said).toMatch(/^Created placed2 on \S+: STOPPED\. Placed on the least loaded node \(score [\d.]+, against 1 other node\)\.\n$/);
    await ok('delete', 'placed2');
  });

  it('shows a node whose answers break the compute contract as FAULTY, with what it broke, and refuses creates on it', async () => {
    const nodeToken = 'fake-node-token-0123456789';
    const broken = new FakeComputeNode('broken', nodeToken);
    await broken.listen();
    try {
      await ok('node', 'add', broken.url, '--token', nodeToken, '--name', 'broken');
      const good = (await json('node', 'broken')).usage;
      broken.answerUsage({ kind: 'json', body: { ...good, cpuPercent: '99' } });
      await waitFor('broken to be FAULTY', 15_000, async () =>
        (await json('node', 'broken')).state === 'FAULTY' ? true : undefined,
      );
      const table = await ok('nodes');
      expect(widest(table)).toBeLessThanOrEqual(80);
      expect(table).toMatch(/^broken +FAULTY +\d/m);
      const notes = table.replace(/\s+/g, ' ');
      expect(notes).toContain('broken is FAULTY, its answers break the compute contract (last good poll ');
      expect(notes).toContain('GET /usage: cpuPercent must be a number from 0 to 100 (got "99"). Its figures are stale: the last good ones');

      const shown = await ok('node', 'broken');
      expect(shown).toMatch(/^State +FAULTY/m);
      expect(shown.replace(/\s+/g, ' ')).toContain('Last error GET /usage: cpuPercent must be a number from 0 to 100 (got "99")');
      expect(shown.replace(/\s+/g, ' ')).toContain('stale, the last good figures before the node became FAULTY');

      // Refused at once, before any operation: nothing is printed on stdout.
      const refused = await tinystack('create', 'nope', '--node', 'broken');
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(/^tinystack: Node "broken" is FAULTY \(last error: GET \/usage: cpuPercent/);
    } finally {
      await tinystack('node', 'remove', 'broken');
      await broken.close();
    }
  });

  it('asks which node when two have an instance of the same name (a usage error listing them)', async () => {
    await ok('create', 'twin', '--node', 'alpha');
    await ok('create', 'twin', '--node', LONG_NODE_NAME);
    const ambiguous = await tinystack('start', 'twin');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toContain(`2 nodes have an instance named "twin" (`);
    expect(ambiguous.stderr).toContain('alpha');
    expect(ambiguous.stderr).toContain(LONG_NODE_NAME);
    expect(ambiguous.stderr).toContain('say which with --node NODE');

    expect(await changed('start', 'twin', '--node', LONG_NODE_NAME)).toMatch(new RegExp(`^twin on ${LONG_NODE_NAME} is RUNNING`));
    const onAlpha = await json('instances', '--node', 'alpha');
    expect(onAlpha).toMatchObject([{ name: 'twin', state: 'STOPPED' }]);
    await ok('delete', 'twin', '--node', 'alpha');
    await ok('delete', 'twin', '--node', LONG_NODE_NAME, '--force');
  });

  it("follows a slow stop as an operation: --no-wait, the running list, the node's action lane, operation ID --wait", async () => {
    await ok('create', 'slow1', '--node', LONG_NODE_NAME, '--start');
    const accepted = await tinystack('stop', 'slow1', '--no-wait');
    expect(accepted).toMatchObject({ code: 0, stderr: '' });
    expect(accepted.stdout).toMatch(new RegExp(`^${OPERATION_ID}\n$`));
    const id = accepted.stdout.trim();

    // The node sleeps SLOW_STOP_SECONDS before it even begins to stop: all this happens meanwhile.
    const running = await ok('operations', '--status', 'running');
    expect(widest(running)).toBeLessThanOrEqual(80);
    expect(running).toMatch(new RegExp(`^${id.slice(0, 8)} +running +stop +slow1 +\\S+ +\\d\\d:\\d\\d:\\d\\d +\\d+ s so far$`, 'm'));
    expect(await ok('node', LONG_NODE_NAME)).toMatch(/^Actions +1 running, 0 queued$/m);
    const cut = await tinystack('--http-timeout', '1', 'operation', id.slice(0, 8), '--wait');
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/^Status +running$/m);
    expect(cut.stderr).toBe(`tinystack: the stop of slow1 on ${LONG_NODE_NAME} is still running after 1 s; follow it: tinystack operation ${id} --wait\n`);

    const waited = await ok('operation', id, '--wait');
    expect(waited).toMatch(/^Status +succeeded$/m);
    expect(waited.replace(/\s+/g, ' ')).toContain(`Result slow1 on ${LONG_NODE_NAME} is STOPPED.`);
    expect(await json('operation', id)).toMatchObject({ id, action: 'stop', status: 'succeeded', result: { name: 'slow1', state: 'STOPPED' } });
    expect(await ok('node', LONG_NODE_NAME)).toMatch(/^Actions +none$/m);
    await ok('delete', 'slow1', '--node', LONG_NODE_NAME);
  });

  it('keeps every table within 80 columns, wrapping long instance names', async () => {
    await ok('create', LONG_INSTANCE_NAME, '--node', LONG_NODE_NAME);
    try {
      const table = await ok('instances');
      expect(widest(table)).toBeLessThanOrEqual(80);
      expect(table.replace(/[\s]+/g, ' ')).toContain(LONG_INSTANCE_NAME.slice(0, 20));
      for (const args of [['nodes'], ['events'], ['operations'], ['usage', 'alpha', '--since', '1m'], ['node', 'alpha'], ['led', 'alpha'], ['help']]) {
        const text = await ok(...args);
        expect(widest(text), args.join(' ')).toBeLessThanOrEqual(80);
      }
    } finally {
      await ok('delete', LONG_INSTANCE_NAME);
    }
  });

  it("shows a node with its LED frame, its usage and history, and blinks it to identify it", async () => {
    const shown = await ok('node', 'alpha');
    expect(shown).toMatch(/^Name +alpha$/m);
    expect(shown).toMatch(/^State +ACTIVE$/m);
    expect(shown).toContain('LED frame:');
    expect(shown).toMatch(/^ {2}[●·]( [●·]){7} {2}Containers$/m);

    const led = await json('led', 'alpha');
    expect(led.rows).toHaveLength(8);
    expect(await ok('led', 'alpha')).toMatch(/Containers +One LED per running container/);

    expect(await json('node', 'alpha')).toMatchObject({ name: 'alpha', state: 'ACTIVE', usage: { cpuPercent: expect.any(Number) } });
    expect(await ok('identify', 'alpha', '--seconds', '2')).toBe('The LEDs of alpha blink for 2 s.\n');
    expect((await json('led', 'alpha')).identifying).toBe(true);
    expect(await json('identify', 'alpha')).toMatchObject({ identifying: true, rows: [255, 255, 255, 255, 255, 255, 255, 255] });

    expect(await ok('usage', 'alpha')).toMatch(/^CPU +\d+\.\d%$/m);
    expect(await json('usage', 'alpha')).toMatchObject({ cpuPercent: expect.any(Number), hostname: expect.any(String) });
    const history = await waitFor('two history points', 20_000, async () => {
      const answer = await json('usage', 'alpha', '--since', '5m');
      return answer.points.length >= 2 ? answer : undefined;
    });
    expect(history.points[0]).toMatchObject({ cpuPercent: expect.any(Number), at: expect.any(String) });
    expect(await ok('usage', 'alpha', '--since', '5m')).toMatch(/^TIME +CPU +MEM +RX\/s +TX\/s +IOPS +INST +TEMP\n\d{4}-/);
  });

  it('shows the action log and follows live events, as text and as JSON lines', async () => {
    const log = await json('events', '--limit', '500');
    expect(log.events.map((entry: { message: string }) => entry.message)).toContain('Created "web1" (STOPPED) on "alpha"');
    const table = await ok('events', '--node', 'alpha', '--limit', '5');
    expect(table.split('\n')[0]).toMatch(/^TIME +RESULT +BY +WHAT HAPPENED$/);
    expect(table).toMatch(/ ok +admin token +/);
    expect(table).toContain('Older entries: tinystack events --before ');

    const text = new RunningTinystack(['events', '--follow'], env);
    const lines = new RunningTinystack(['events', '--follow', '--json', '--node', 'alpha'], env);
    try {
      await text.until('that it follows', (run) => run.stderr.includes('following the events of'));
      await lines.until('that it follows', (run) => run.stderr.includes('following the events of'));
      await ok('create', 'live1', '--node', 'alpha');
      await ok('delete', 'live1');
      await text.until('the create and the delete', (run) => run.stdout.includes('Deleted "live1"'));
      expect(text.stdout).toMatch(/^\d\d:\d\d:\d\d {2}action {4}Created "live1" \(STOPPED\) on "alpha" \(by admin token\)$/m);
      expect(text.stdout).toMatch(/^\d\d:\d\d:\d\d {2}instances alpha: live1 STOPPED$/m);
      expect(text.stdout).not.toMatch(/ usage /);

      await lines.until('the delete', (run) => run.stdout.includes('Deleted \\"live1\\"'));
      const events = lines.stdout.trim().split('\n').map((line) => JSON.parse(line));
      expect(events.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['action', 'instances']));
      expect(events.every((event: { type: string }) => event.type !== 'node-usage')).toBe(true);
    } finally {
      await Promise.all([text.stop(), lines.stop()]);
    }
  });

  it('ends following with exit 1 and a message when the manager goes away', async () => {
    const followed = scratchDirectory('cli-follow-manager');
    scratch.push(followed);
    const shortLived = await managerProcess(followed);
    await shortLived.start();
    const run = new RunningTinystack(['events', '--follow'], { ...env, TINYSTACK_URL: shortLived.baseUrl });
    await run.until('that it follows', (cli) => cli.stderr.includes('following the events of'));
    await shortLived.stop();
    expect(await run.exit()).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^tinystack: the manager at ${shortLived.baseUrl} (ended the event stream|cannot be reached: the event stream broke)`, 'm'));
  });

  it('exits 1 with a clear message when the manager refuses the token, cannot be reached, or does not answer', async () => {
    const refused = await runTinystack(['nodes'], { ...env, TINYSTACK_TOKEN: 'wrong-token-0123456789' });
    const direct = await httpCall(manager.baseUrl, 'GET', '/api/nodes', { token: 'wrong-token-0123456789' });
    expect(refused).toEqual({ code: 1, stdout: '', stderr: `tinystack: ${direct.body.message}\ntinystack: (the token came from TINYSTACK_TOKEN)\n` });

    const nobody = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await runTinystack(['instances'], { ...env, TINYSTACK_URL: nobody });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(new RegExp(`^tinystack: the manager at ${nobody} cannot be reached: connection refused \\(`));

    const silent = new ScriptedManager();
    silent.answer(() => undefined);
    const silentUrl = await silent.listen();
    try {
      const started = Date.now();
      const timedOut = await runTinystack(['--http-timeout', '1', 'nodes'], { ...env, TINYSTACK_URL: silentUrl });
      expect(timedOut).toEqual({ code: 1, stdout: '', stderr: `tinystack: the manager at ${silentUrl} cannot be reached: no answer within 1 s\n` });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await silent.close();
    }
  });

  it('exits 2 for usage errors, with the verb to ask for help about', async () => {
    expect(await tinystack('lunch')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('unknown verb "lunch"') });
    expect(await tinystack('create')).toMatchObject({ code: 2, stderr: "tinystack: create needs NAME\ntinystack: see 'tinystack help create'\n" });
    expect(await tinystack('stop', 'x', '--timeout', 'soon')).toMatchObject({ code: 2, stderr: expect.stringContaining('--timeout must be a whole number from 1 to 300') });
    expect(await tinystack('nodes', '--colour')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --colour') });
    expect(await runTinystack(['nodes'], cliEnvironment(home))).toMatchObject({ code: 2, stderr: expect.stringContaining('no manager address') });
  });

  it('uses the config file with no flags once saved, 0600 in a 0700 directory, and never prints the token', async () => {
    const freshHome = join(home, 'fresh');
    mkdirSync(freshHome);
    const saved = await ok('config', 'save');
    expect(saved).toBe(`Saved ${manager.baseUrl} and its token in ${join(home, '.config', 'tinystack', 'config.json')}.\n`);
    const file = join(home, '.config', 'tinystack', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.config', 'tinystack')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: manager.baseUrl, token: MANAGER_TOKEN });

    // No TINYSTACK_URL, no TINYSTACK_TOKEN, no flags: the file says which manager.
    const plain = cliEnvironment(home);
    const nodes = await runTinystack(['nodes'], plain);
    expect(nodes).toMatchObject({ code: 0, stderr: '' });
    expect(nodes.stdout).toMatch(/^alpha +ACTIVE/m);
    const shown = await runTinystack(['config'], plain);
    expect(shown.stdout).toMatch(new RegExp(`^Manager +${manager.baseUrl} \\(from the config file\\)\nToken +set \\(from the config file\\)\n`));
    expect(shown.stdout.replace(/\s+/g, ' ')).toContain(`Config file ${file} (mode 0600)`);
    for (const run of [saved, nodes.stdout, nodes.stderr, shown.stdout, shown.stderr]) expect(run).not.toContain(MANAGER_TOKEN);

    // A file that others may read still works, with a warning saying how to fix it.
    chmodSync(file, 0o644);
    const loose = await runTinystack(['nodes', '--json'], plain);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toBe(`tinystack: ${file} holds a token and other users may read it (mode 0644): chmod 600 ${file}\n`);
    chmodSync(file, 0o600);
    expect(await runTinystack(['nodes'], cliEnvironment(freshHome))).toMatchObject({ code: 2 });
  });

  it("is saved by npm start's module, which refreshes its own manager's file and leaves another manager's alone", async () => {
    const configFile = join(home, 'start.json');
    const save = (url: string, token: string) =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { saveCliConfig } from ${JSON.stringify(join(REPOSITORY, 'scripts', 'cli-config.mjs'))};` +
            `console.log(saveCliConfig(${JSON.stringify(REPOSITORY)}, process.argv[1], process.argv[2]));`,
          url,
          token,
        ],
        { env: cliEnvironment(home, { TINYSTACK_CONFIG: configFile }), encoding: 'utf8', timeout: 30_000 },
      ).trim();
    expect(save(manager.baseUrl, 'first-token-0123456789')).toBe(`Saved ${manager.baseUrl} and its token in ${configFile}.`);
    expect(save(manager.baseUrl, MANAGER_TOKEN)).toBe(`Saved ${manager.baseUrl} and its token in ${configFile}.`);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({ url: manager.baseUrl, token: MANAGER_TOKEN });
    expect(statSync(configFile).mode & 0o777).toBe(0o600);

    const other = save('http://127.0.0.1:1', 'other-token-0123456789');
    expect(other).toMatch(new RegExp(`^Left ${configFile} as it is: it points at another manager, ${manager.baseUrl}\\.`));
    expect(other).not.toContain('other-token');
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({ url: manager.baseUrl, token: MANAGER_TOKEN });
    expect(await runTinystack(['instances', '--json'], cliEnvironment(home, { TINYSTACK_CONFIG: configFile }))).toMatchObject({ code: 0 });
  });

  it('runs through the package launcher too', async () => {
    const run = await runTinystack(['help', 'create'], env, join(REPOSITORY, 'apps', 'cli', 'bin', 'tinystack.cjs'));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Usage: tinystack create NAME/);
    expect(readFileSync(join(REPOSITORY, 'dist', 'apps', 'cli', 'main.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('unregisters a node, leaving its containers, which come back when it is registered again', async () => {
    await ok('create', 'stays', '--node', LONG_NODE_NAME);
    expect(await ok('node', 'remove', LONG_NODE_NAME)).toBe(`Unregistered ${LONG_NODE_NAME} (${beta.baseUrl}); its instances were left as they are.\n`);
    expect((await json('nodes')).map((node: { name: string }) => node.name)).toEqual(['alpha']);
    expect(await tinystack('node', 'remove', LONG_NODE_NAME)).toMatchObject({ code: 1, stderr: expect.stringContaining(`no node named or with id "${LONG_NODE_NAME}"; the nodes are alpha`) });

    await ok('node', 'add', beta.baseUrl, '--token', COMPUTE_TOKEN, '--name', 'beta');
    expect(await json('instances', '--node', 'beta')).toMatchObject([{ name: 'stays' }]);
    await ok('delete', 'stays');
  });
});
