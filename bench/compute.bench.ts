// npm run bench:compute — what an idle compute node costs a 1 GB board, measured
// side by side in one run on this machine with a bare node:http server (memory)
// and with the floor: a plain script that reads the same /proc files and
// composes the same frames (bench/idle-floor.ts).
// Prints figures; it never fails on a target (benchmarks are read, not asserted).
//
// BENCH_IDLE_SECONDS (default 60) sets each CPU measuring window, BENCH_POLL_SECONDS
// (default 60) the window of polls like a manager's, BENCH_RUNNING (default 3)
// the running containers of the second idle window, BENCH_REPEAT (default 5)
// the repetitions of each container operation, BENCH_ROOTFS_MB (default 300)
// the size of the root filesystem the rename is measured with.
// BENCH_BASELINE_COMPUTE=<main.js of an earlier build> runs that build beside
// this one in the idle windows (before/after figures from the same run).
// BENCH_INSIDE_ONLY=1 runs only "inside an instance" (exec against lxc-attach,
// keystroke echo on the node and through the manager, a forwarded port);
// BENCH_KEYS (default 200) sets the keystrokes of each echo measurement.
// As root, one more idle window runs a node as on a board: in a network
// namespace of its own (its mDNS stays there), joined to a manager, answering
// a browse every 2 s.
import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import makeMdns from 'multicast-dns';
import WebSocket from 'ws';
import { createBenchLan } from './bench-lan.js';
import { loadTest } from './http-load.js';
import { IDLE_FLOOR_SCRIPT } from './idle-floor.js';
import { imagesBench } from './images.bench.js';
import { cpuSecondsWithChildren, diskWriteBytes, freePort, ownCpuSeconds, residentBytes } from './process-figures.js';
import { ManagerProcess } from './manager-process.js';
import { format, median, sleep, startNode, stopProcess, timed, waitFor, type StartedNode } from './spawned-node.js';

const REPOSITORY = join(__dirname, '..', '..');

const run = promisify(execFile);
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 60);
const POLL_SECONDS = Number(process.env['BENCH_POLL_SECONDS'] ?? 60);
const RUNNING = Number(process.env['BENCH_RUNNING'] ?? 3);
const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 5);
const ROOTFS_MB = Number(process.env['BENCH_ROOTFS_MB'] ?? 300);
const BASELINE = process.env['BENCH_BASELINE_COMPUTE'] ? resolve(process.env['BENCH_BASELINE_COMPUTE']) : null;
const INSIDE_ONLY = process.env['BENCH_INSIDE_ONLY'] === '1';
const KEYS = Number(process.env['BENCH_KEYS'] ?? 200);
const MANAGER_TOKEN = 'bench-manager-token-0123456789';
/** A manager polls /usage and /instances this often (its POLL_INTERVAL_MS). */
const MANAGER_POLL_MS = 2000;
const WARM_UP_SECONDS = 20;
const TOKEN = 'bench-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const scratch = mkdtempSync(join(tmpdir(), 'tinystack-lxc-bench-'));
// Data folders on a real disk, so that a write the node makes is counted as a disk write (/tmp may be tmpfs).
const diskScratch = mkdtempSync(join('/var/tmp', 'tinystack-bench-data-'));
const processes: StartedNode[] = [];
/** Not the board's own table: a bench on a running board leaves its forwards alone. */
const BENCH_NFT_TABLE = 'tinystack_bench';
let COMPUTE_NODE_FLAGS: string[] = [];

function line(label: string, value: string | number, target = ''): void {
  console.log(`  ${label.padEnd(46)} ${String(value).padStart(14)}  ${target}`);
}

interface ComputeNode extends StartedNode {
  url: string;
  lxcPath: string;
}

async function startComputeNode(
  name: string,
  env: Record<string, string> = {},
  main = join(REPOSITORY, 'dist/apps/compute/main.js'),
  on: { prefix: string[]; host: string; port: number } | null = null,
): Promise<ComputeNode> {
  const port = on?.port ?? (await freePort());
  const lxcPath = env['LXC_PATH'] ?? join(scratch, `${name}-lxc`);
  const node = startNode(main, {
    prefix: on?.prefix,
    flags: COMPUTE_NODE_FLAGS,
    env: {
      COMPUTE_HOST: '127.0.0.1',
      COMPUTE_PORT: String(port),
      COMPUTE_TOKEN: TOKEN,
      DATA_DIR: join(diskScratch, `${name}-data`),
      LXC_PATH: lxcPath,
      NFT_TABLE: BENCH_NFT_TABLE,
      ...env,
    },
  });
  processes.push(node);
  const url = `http://${on?.host ?? '127.0.0.1'}:${port}`;
  await waitFor(() => fetch(`${url}/health`).then((r) => r.ok), { what: `${name} to listen` });
  return { ...node, url, lxcPath };
}

async function startBareServer(): Promise<StartedNode & { url: string }> {
  const port = await freePort();
  const usage = await (await fetch(`${computeNode.url}/usage`, { headers: AUTH })).text();
  const script = join(scratch, 'bare-server.cjs');
  writeFileSync(
    script,
    `const body = ${JSON.stringify(usage)};
require('node:http').createServer((req, res) => {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(body);
}).listen(${port}, '127.0.0.1');`,
  );
  const bare = startNode(script, { flags: COMPUTE_NODE_FLAGS });
  processes.push(bare);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/usage`).then((r) => r.ok), { what: 'the bare server' });
  return { ...bare, url };
}

/** The floor script (bench/idle-floor.ts), with the node's flags; with an lxcpath it re-reads the containers as the node does. */
function startFloor(name: string, env: Record<string, string> = {}): StartedNode {
  const script = join(scratch, 'idle-floor.cjs');
  writeFileSync(script, IDLE_FLOOR_SCRIPT);
  const floor = startNode(script, { flags: COMPUTE_NODE_FLAGS, env });
  processes.push(floor);
  return { ...floor, log: () => `${name}: ${floor.log()}` };
}

async function api(node: { url: string }, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...AUTH, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const lxc = (tool: string, args: string[], lxcPath: string) => run(tool, ['-P', lxcPath, ...args], { timeout: 120_000 });

async function lxcAvailable(): Promise<boolean> {
  try {
    await run('lxc-ls', ['--version']);
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

/** What one process did over a window. */
interface WindowFigures {
  /** % of one core, the children it waited for (lxc-ls…) included. */
  cpuPercent: number;
  /** % of one core, its own threads only. */
  ownCpuPercent: number;
  /** Bytes it made the storage layer write, per minute. */
  diskBytesPerMinute: number;
  /** Bytes it printed (its log: under systemd, journald stores them), per minute. */
  logBytesPerMinute: number;
}

/** Runs `during` (or just waits) for `seconds` and answers each process's figures over that time. */
async function measureWindow(measured: StartedNode[], seconds: number, during?: (until: number) => Promise<void>): Promise<WindowFigures[]> {
  const before = measured.map(({ pid, log }) => ({ all: cpuSecondsWithChildren(pid), own: ownCpuSeconds(pid), disk: diskWriteBytes(pid), log: log().length }));
  const started = performance.now();
  const until = Date.now() + seconds * 1000;
  await (during ? during(until) : sleep(seconds * 1000));
  const perMinute = 60 / ((performance.now() - started) / 1000);
  return measured.map(({ pid, log }, index) => {
    const start = before[index]!;
    return {
      cpuPercent: (cpuSecondsWithChildren(pid) - start.all) * (perMinute / 60) * 100,
      ownCpuPercent: (ownCpuSeconds(pid) - start.own) * (perMinute / 60) * 100,
      diskBytesPerMinute: (diskWriteBytes(pid) - start.disk) * perMinute,
      logBytesPerMinute: (log().length - start.log) * perMinute,
    };
  });
}

/** Polls like a manager until `until`: every 2 s GET /usage and GET /instances of each node, GET /usage of each bare server. */
async function pollLikeAManager(nodes: { url: string }[], bare: { url: string }[], until: number): Promise<void> {
  while (Date.now() < until) {
    const cycle = sleep(MANAGER_POLL_MS);
    await Promise.all([
      ...nodes.flatMap((node) => [api(node, 'GET', '/usage'), api(node, 'GET', '/instances')]),
      ...bare.map((server) => fetch(`${server.url}/usage`).then((answer) => answer.text())),
    ]);
    await cycle;
  }
}

/** A warm node: the routes a manager, the console and a person use, a few times each (their code is compiled, their buffers grown). */
async function warmUp(nodes: { url: string }[], bare: { url: string }[]): Promise<void> {
  for (const node of nodes) {
    for (let i = 0; i < 5; i += 1) {
      await Promise.all([api(node, 'GET', '/health'), api(node, 'GET', '/led'), fetch(`${node.url}/docs-json`).then((r) => r.text())]);
    }
  }
  await pollLikeAManager(nodes, bare, Date.now() + WARM_UP_SECONDS * 1000);
}

const bytes = (perMinute: number) => `${perMinute < 1 ? '0' : Math.round(perMinute)} B/min`;

let computeNode: ComputeNode;

async function main(): Promise<void> {
  if (process.env['BENCH_IMAGES_ONLY'] === '1') return void (process.exitCode = (await imagesBench()) ? 0 : 1);
  ({ COMPUTE_NODE_FLAGS } = await import(pathToFileURL(join(REPOSITORY, 'scripts/node-flags.mjs')).href));
  console.log(`TinyStack compute node benchmark — node ${process.version}, flags ${COMPUTE_NODE_FLAGS.join(' ') || '(none)'}`);
  console.log('Every process runs with the same node flags the compute node ships with.\n');

  computeNode = await startComputeNode('idle');
  if (INSIDE_ONLY) {
    if (await lxcAvailable()) await insideAnInstance();
    else console.log('\nInside an instance skipped: it needs root and the LXC tools (scripts/setup-host.sh).');
    return;
  }
  const before = BASELINE ? await startComputeNode('idle-before', {}, BASELINE) : null;
  const slowLedNode = await startComputeNode('idle-slow-led', { LED_INTERVAL_MS: '10000' });
  const bare = await startBareServer();
  const floor = startFloor('floor');
  const nodes = [computeNode, ...(before ? [before] : []), slowLedNode];

  console.log(`Warming up: ${WARM_UP_SECONDS} s of a manager's polls (GET /usage and /instances every 2 s), /health, /led, /docs-json`);
  await sleep(5000);
  await warmUp(nodes, [bare]);

  console.log(`\nIdle, side by side over ${IDLE_SECONDS} s: CPU with the children each process waited for (lxc-ls…)`);
  const [compute, was, slowLed, floorFigures, bareFigures] = await measureWindow([computeNode, before ?? computeNode, slowLedNode, floor, bare], IDLE_SECONDS);
  line('compute node, % of one core', format.pct(compute!.cpuPercent), `own threads ${format.pct(compute!.ownCpuPercent)}`);
  if (before) line('compute node before (BENCH_BASELINE_COMPUTE)', format.pct(was!.cpuPercent), `own threads ${format.pct(was!.ownCpuPercent)}`);
  line('floor script (bench/idle-floor.ts)', format.pct(floorFigures!.cpuPercent));
  line('compute node / floor', format.ratio(compute!.cpuPercent / floorFigures!.cpuPercent), 'target <= 1.20x');
  if (before) line('compute node before / floor', format.ratio(was!.cpuPercent / floorFigures!.cpuPercent));
  line('  = CPU seconds per minute', (compute!.cpuPercent * 0.6).toFixed(3) + ' s');
  line('same node with LED redraw every 10 s', format.pct(slowLed!.cpuPercent));
  line('LED redraw loop (difference), % of one core', format.pct(Math.max(0, compute!.cpuPercent - slowLed!.cpuPercent)), 'target < 0.5 %');
  line('bare node:http server, % of one core', format.pct(bareFigures!.cpuPercent));

  console.log('\nMemory after the warm-up and the idle window');
  const computeKb = residentBytes(computeNode.pid) / 1024;
  const bareKb = residentBytes(bare.pid) / 1024;
  line('compute node resident memory', format.mb(computeKb));
  if (before) line('compute node before', format.mb(residentBytes(before.pid) / 1024));
  line('floor script resident memory', format.mb(residentBytes(floor.pid) / 1024));
  line('bare node:http server resident memory', format.mb(bareKb));
  line('compute node / bare server', format.ratio(computeKb / bareKb), 'target <= 1.60x');

  console.log(`\nSD card writes (/proc/<pid>/io): idle, then ${POLL_SECONDS} s of a manager's polls`);
  line('idle: written to disk by the compute node', bytes(compute!.diskBytesPerMinute), 'target 0 B/min');
  if (before) line('idle: written to disk, before', bytes(was!.diskBytesPerMinute));
  line('idle: log output of the compute node', bytes(compute!.logBytesPerMinute), 'target 0 B/min (journald stores it)');
  if (before) line('idle: log output, before', bytes(was!.logBytesPerMinute));
  const [polled, polledBefore, polledBare] = await measureWindow([computeNode, before ?? computeNode, bare], POLL_SECONDS, (until) =>
    pollLikeAManager([computeNode, ...(before ? [before] : [])], [bare], until),
  );
  line('polled: written to disk by the compute node', bytes(polled!.diskBytesPerMinute), 'target 0 B/min');
  if (before) line('polled: written to disk, before', bytes(polledBefore!.diskBytesPerMinute));
  line('polled: log output of the compute node', bytes(polled!.logBytesPerMinute), 'target 0 B/min');
  line('polled: compute node CPU, % of one core', format.pct(polled!.cpuPercent));
  if (before) line('polled: compute node CPU before', format.pct(polledBefore!.cpuPercent));
  line('polled: bare server CPU (GET /usage only)', format.pct(polledBare!.cpuPercent));

  console.log('\nGET /usage at 50 concurrent connections for 10 s (reported, no target)');
  const nestLoad = await loadTest(`${computeNode.url}/usage`, { headers: AUTH });
  const bareLoad = await loadTest(`${bare.url}/usage`);
  line('compute node requests/s', nestLoad.requestsPerSecond.toFixed(0));
  line('compute node p99', format.ms(nestLoad.p99Ms), nestLoad.errors ? `${nestLoad.errors} errors` : '');
  line('bare server requests/s', bareLoad.requestsPerSecond.toFixed(0));
  line('bare server p99', format.ms(bareLoad.p99Ms), bareLoad.errors ? `${bareLoad.errors} errors` : '');
  for (const started of [before, slowLedNode, floor, bare]) if (started) await stopProcess(started);

  await idleOnALan(compute!);

  await releaseArtefacts();

  if (!(await lxcAvailable())) {
    console.log('\nLXC parts skipped: they need root and the LXC tools (scripts/setup-host.sh).');
    return;
  }

  await idleWithRunningContainers();

  console.log('\nLED: delay from a container start (API answer) to the frame that shows it');
  const delays: number[] = [];
  const containersRow = async () => (await api(computeNode, 'GET', '/led')).rows[0];
  for (let i = 0; i < REPEAT; i += 1) {
    const name = `led${i}`;
    await api(computeNode, 'POST', '/instances', { name });
    await waitFor(async () => (await containersRow()) === 0, { everyMs: 10, what: 'a dark containers row' });
    await api(computeNode, 'POST', `/instances/${name}`, { action: 'start' });
    const answered = performance.now();
    await waitFor(async () => (await containersRow()) === 0b1, { everyMs: 10, what: 'one LED in the containers row' });
    delays.push(performance.now() - answered);
    await api(computeNode, 'DELETE', `/instances/${name}?force=true`);
  }
  line('median delay after the start answer', format.ms(median(delays)), 'target < 1500 ms (LED 500 + sample 1000)');

  console.log(`\nContainer operations, median of ${REPEAT}: through the API vs the lxc-* command`);
  // Each operation is timed on a settled node: the background re-read that
  // follows a change through the API is not charged to the next operation.
  const settled = async (action: () => Promise<unknown>) => {
    await sleep(300);
    return timed(action);
  };
  type Timings = Record<'create' | 'start' | 'stop' | 'rename' | 'delete', number[]>;
  const viaApi: Timings = { create: [], start: [], stop: [], rename: [], delete: [] };
  const direct: Timings = { create: [], start: [], stop: [], rename: [], delete: [] };
  for (let i = 0; i < REPEAT; i += 1) {
    const [a, b] = [`api${i}`, `api${i}r`];
    viaApi.create.push(await settled(() => api(computeNode, 'POST', '/instances', { name: a })));
    viaApi.start.push(await settled(() => api(computeNode, 'POST', `/instances/${a}`, { action: 'start' })));
    // busybox honours a clean halt only once its boot (the DHCP lease) is done
    await waitFor(async () => (await api(computeNode, 'GET', `/instances/${a}`)).ipv4.length > 0, { timeoutMs: 30_000, what: `${a} to get an address` });
    viaApi.stop.push(await settled(() => api(computeNode, 'POST', `/instances/${a}`, { action: 'stop', timeoutSeconds: 10 })));
    viaApi.rename.push(await settled(() => api(computeNode, 'PUT', `/instances/${a}`, { name: b })));
    viaApi.delete.push(await settled(() => api(computeNode, 'DELETE', `/instances/${b}`)));

    const [c, d] = [`cli${i}`, `cli${i}r`];
    const path = computeNode.lxcPath;
    direct.create.push(await settled(() => lxc('lxc-create', ['-n', c, '-t', 'busybox'], path)));
    direct.start.push(await settled(() => lxc('lxc-start', ['-n', c], path)));
    await waitFor(async () => (await lxc('lxc-info', ['-n', c, '-iH'], path)).stdout.trim() !== '', { timeoutMs: 30_000, what: `${c} to get an address` });
    direct.stop.push(await settled(() => lxc('lxc-stop', ['-n', c, '-t', '10'], path)));
    direct.rename.push(await settled(() => lxc('lxc-copy', ['-n', c, '-N', d, '-R'], path)));
    direct.delete.push(await settled(() => lxc('lxc-destroy', ['-n', d], path)));
  }
  for (const operation of Object.keys(viaApi) as Array<keyof Timings>) {
    const [mApi, mCli] = [median(viaApi[operation]), median(direct[operation])];
    line(`${operation}: API ${format.ms(mApi)} vs lxc ${format.ms(mCli)}`, format.ratio(mApi / mCli), 'target <= 1.20x');
  }
  line('stop of a busybox container (API)', format.ms(median(viaApi.stop)), 'target well under 10 s');

  await insideAnInstance();
  await perInstanceSamplingCost();

  console.log(`\nRename of a stopped container with a ${ROOTFS_MB} MB root filesystem (a lab image on an SD card)`);
  await api(computeNode, 'POST', '/instances', { name: 'bigapi' });
  fillRootfs(computeNode.lxcPath, 'bigapi');
  const apiRename = await settled(() => api(computeNode, 'PUT', '/instances/bigapi', { name: 'bigapi2' }));
  await api(computeNode, 'DELETE', '/instances/bigapi2');
  await lxc('lxc-create', ['-n', 'bigcli', '-t', 'busybox'], computeNode.lxcPath);
  fillRootfs(computeNode.lxcPath, 'bigcli');
  const copyRename = await settled(() => lxc('lxc-copy', ['-n', 'bigcli', '-N', 'bigcli2', '-R'], computeNode.lxcPath));
  await lxc('lxc-destroy', ['-n', 'bigcli2'], computeNode.lxcPath);
  line('API rename (folder renamed in place)', format.ms(apiRename), 'no extra disk space');
  line('lxc-copy -R (rsync copy, then destroy)', format.ms(copyRename), `needs ${ROOTFS_MB} MB more while it copies`);
  line('ratio', format.ratio(apiRename / copyRename));
}

// ---------------------------------------------------------------- idle with running containers
// The inventory's re-read is what grows with the containers: each running one
// costs the LXC tools time whenever the list is read. Both nodes and the floor
// read one lxcpath holding RUNNING running busybox containers.

/**
 * The idle node as on a board: COMPUTE_HOST 0.0.0.0 on a LAN (a network
 * namespace), joined to a manager (a join route answering as DESIGN-11 says),
 * discovery on, and a browse for _tinystack._tcp every 2 s (a manager browses
 * every 30 s; this is fifteen of them). Compared with the idle node on
 * 127.0.0.1, which announces nothing and joins nothing.
 */
async function idleOnALan(reference: WindowFigures): Promise<void> {
  let lan;
  try {
    if (process.getuid?.() !== 0) throw new Error('it needs root (a network namespace)');
    lan = await createBenchLan();
  } catch (error) {
    console.log(`\nIdle on a LAN skipped: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  const joins: number[] = [];
  const manager = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const join = JSON.parse(body) as { port: number; hostname: string };
      joins.push(Date.now());
      response.writeHead(joins.length === 1 ? 201 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ nodeId: randomUUID(), name: join.hostname, url: `http://${request.socket.remoteAddress}:${join.port}`, state: 'PENDING', ...(joins.length > 1 ? { rejoined: true } : {}) }));
    });
  });
  await new Promise<void>((resolve) => manager.listen(0, lan.benchAddress, resolve));
  const managerUrl = `http://${lan.benchAddress}:${(manager.address() as AddressInfo).port}`;
  const querier = makeMdns({ interface: lan.benchAddress, bind: '0.0.0.0', loopback: false });
  let answers = 0;
  querier.on('response', (response) => {
    if ([...response.answers, ...(response.additionals ?? [])].some((record) => record.name.endsWith('_tinystack._tcp.local'))) answers += 1;
  });
  let node: ComputeNode | null = null;
  try {
    node = await startComputeNode(
      'on-a-lan',
      { COMPUTE_HOST: '0.0.0.0', MANAGER_URL: managerUrl, JOIN_TOKEN: `tsj_${randomBytes(32).toString('base64url')}` },
      undefined,
      { prefix: lan.prefix, host: lan.boardAddress, port: 7001 },
    );
    const joined = node;
    await waitFor(async () => (await api(joined, 'GET', '/health')).join.state === 'joined', { what: 'the node on the LAN to join' });
    await warmUp([joined], []);
    console.log(`\nIdle on a LAN (a network namespace), joined, discovery on, a browse every 2 s, over ${IDLE_SECONDS} s`);
    const [figures] = await measureWindow([joined], IDLE_SECONDS, async (until) => {
      while (Date.now() < until) {
        querier.query({ questions: [{ name: '_tinystack._tcp.local', type: 'PTR' }] });
        await sleep(MANAGER_POLL_MS);
      }
    });
    line('compute node, % of one core', format.pct(figures!.cpuPercent), `on 127.0.0.1 ${format.pct(reference.cpuPercent)}`);
    line('written to disk by the compute node', bytes(figures!.diskBytesPerMinute), 'target 0 B/min');
    line('log output of the compute node', bytes(figures!.logBytesPerMinute), 'target 0 B/min');
    line('mDNS responses heard (answers and announcements) / browses sent', `${answers} / ${Math.round(IDLE_SECONDS / (MANAGER_POLL_MS / 1000))}`);
    line('joins sent to the manager', String(joins.length), 'one, at start');
  } finally {
    if (node) await stopProcess(node);
    await new Promise<void>((resolve) => querier.destroy(() => resolve()));
    manager.close();
    await lan.remove();
  }
}

async function idleWithRunningContainers(): Promise<void> {
  const lxcPath = join(scratch, 'running-lxc');
  mkdirSync(lxcPath, { recursive: true });
  // Per-container cgroups are named after the container alone: names unique to this run.
  const suffix = randomBytes(3).toString('hex');
  const names = Array.from({ length: RUNNING }, (_, i) => `idle${suffix}${i}`);
  for (const name of names) {
    await lxc('lxc-create', ['-n', name, '-t', 'busybox'], lxcPath);
    await lxc('lxc-start', ['-n', name], lxcPath);
  }
  for (const name of names) {
    await waitFor(async () => (await lxc('lxc-info', ['-n', name, '-iH'], lxcPath)).stdout.trim() !== '', { timeoutMs: 30_000, what: `${name} to get an address` });
  }
  const node = await startComputeNode('running', { LXC_PATH: lxcPath });
  const was = BASELINE ? await startComputeNode('running-before', { LXC_PATH: lxcPath }, BASELINE) : null;
  const floor = startFloor('floor with re-read', { FLOOR_LXC_PATH: lxcPath, FLOOR_INVENTORY_MS: '5000' });
  await sleep(10_000);
  console.log(`\nIdle with ${RUNNING} running containers, side by side over ${IDLE_SECONDS} s (children included)`);
  const [figures, beforeFigures, floorFigures] = await measureWindow([node, was ?? node, floor], IDLE_SECONDS);
  line('compute node, % of one core', format.pct(figures!.cpuPercent), `own threads ${format.pct(figures!.ownCpuPercent)}`);
  if (was) line('compute node before (BENCH_BASELINE_COMPUTE)', format.pct(beforeFigures!.cpuPercent), `own threads ${format.pct(beforeFigures!.ownCpuPercent)}`);
  line('floor script with the same container re-read', format.pct(floorFigures!.cpuPercent));
  line('compute node / floor with re-read', format.ratio(figures!.cpuPercent / floorFigures!.cpuPercent), 'target <= 1.20x');
  if (was) line('compute node before / floor with re-read', format.ratio(beforeFigures!.cpuPercent / floorFigures!.cpuPercent));
  line('instances the node lists', String((await api(node, 'GET', '/instances')).length), `of ${RUNNING}`);
  for (const started of [node, was, floor]) if (started) await stopProcess(started);
  for (const name of names) await lxc('lxc-destroy', ['-n', name, '-f'], lxcPath).catch(() => undefined);
}

// ---------------------------------------------------------------- release artefacts
// What npm run release made (release/): the size of each artefact, and the
// compute node of each started from its launcher (arm64 and armv7 under
// qemu-user, x64 natively) beside a bare node:http server run by the same
// Node.js binary under the same emulation. Emulated figures are indicative
// only: the resident memory includes the emulator's own, and an emulated CPU
// is no Raspberry Pi. None of these figures comes from a real board.

/** What the benchmark uses of scripts/release/release-under-test.ts (loaded from its build, outside bench/). */
interface ReleaseTools {
  releaseTarball(arch: string): string;
  emulationProblem(target: unknown): string | null;
  unpackRelease(arch: string, into: string): Promise<{ root: string; node: string; env: Record<string, string> }>;
}

/** Starts `program args` (a launcher, an emulated node) and keeps it for cleanUp. */
function startProgram(program: string, args: string[], env: Record<string, string>): StartedNode {
  const child = spawn(program, args, { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const started = { child, pid: child.pid ?? NaN, log: () => output.join('') };
  processes.push(started);
  return started;
}

/** Milliseconds from start to the first good answer of `url`, and the resident memory after 10 s of idling. */
async function startUpAndIdleMemory(start: () => StartedNode, url: string): Promise<{ startMs: number; rssKb: number }> {
  const began = performance.now();
  const node = start();
  await waitFor(() => fetch(url).then((r) => r.ok), { timeoutMs: 240_000, everyMs: 50, what: url });
  const startMs = performance.now() - began;
  await sleep(10_000);
  const rssKb = residentBytes(node.pid) / 1024;
  await stopProcess(node);
  return { startMs, rssKb };
}

async function releaseArtefacts(): Promise<void> {
  console.log('\nRelease artefacts (release/, from npm run release); start-up and memory from the launchers');
  console.log('  (arm64 and armv7 under qemu-user on this machine: indicative only, the emulator\'s memory is included; no figure from a real board)');
  let tools: ReleaseTools;
  try {
    tools = (await import(pathToFileURL(join(REPOSITORY, 'dist/release-tools/scripts/release/release-under-test.js')).href)) as ReleaseTools;
  } catch {
    console.log('  skipped: the release tools are not built (npm run build:release-tools)');
    return;
  }
  const { computeNodeFlags } = (await import(pathToFileURL(join(REPOSITORY, 'scripts/node-flags.mjs')).href)) as { computeNodeFlags: (major: number) => string[] };
  const { statSync, existsSync } = await import('node:fs');
  for (const arch of ['x64', 'arm64', 'arm'] as const) {
    const tarball = tools.releaseTarball(arch);
    if (!existsSync(tarball)) {
      console.log(`  ${arch}: ${tarball} is missing (npm run release)`);
      continue;
    }
    const deb = tarball.replace(/tinystack-([^-]+)-linux-[^.]+\.tar\.gz$/, (_all, version: string) => `tinystack_${version}_${{ x64: 'amd64', arm64: 'arm64', arm: 'armhf' }[arch]}.deb`);
    line(`${arch}: tarball / .deb`, `${format.mb(statSync(tarball).size / 1024)} / ${existsSync(deb) ? format.mb(statSync(deb).size / 1024) : 'missing'}`);
    const targets = (await import(pathToFileURL(join(REPOSITORY, 'dist/release-tools/scripts/release/release-targets.js')).href)) as {
      RELEASE_TARGETS: Record<string, unknown>;
    };
    const problem = tools.emulationProblem(targets.RELEASE_TARGETS[arch]);
    if (problem) {
      console.log(`  ${arch}: not started: ${problem}`);
      continue;
    }
    const release = await tools.unpackRelease(arch, join(scratch, `release-${arch}`));
    const { stdout: unpacked } = await run('du', ['-sk', release.root]);
    line(`${arch}: unpacked tree`, format.mb(Number(unpacked.split('\t')[0])));
    const port = await freePort();
    const compute = await startUpAndIdleMemory(
      () =>
        startProgram(join(release.root, 'bin', 'tinystack-compute'), [], {
          ...release.env,
          COMPUTE_HOST: '127.0.0.1',
          COMPUTE_PORT: String(port),
          COMPUTE_TOKEN: TOKEN,
          DATA_DIR: join(scratch, `release-${arch}-data`),
          LXC_PATH: join(scratch, `release-${arch}-lxc`),
          LED_ENABLED: 'false',
        }),
      `http://127.0.0.1:${port}/health`,
    );
    const { stdout: version } = await run(release.node, ['--version'], { env: { ...process.env, ...release.env } });
    const barePort = await freePort();
    const bareScript = join(scratch, `bare-${arch}.cjs`);
    writeFileSync(bareScript, `require('node:http').createServer((req, res) => res.end('{}')).listen(${barePort}, '127.0.0.1');`);
    const flags = computeNodeFlags(Number(version.trim().slice(1).split('.')[0]));
    const bare = await startUpAndIdleMemory(() => startProgram(release.node, [...flags, bareScript], release.env), `http://127.0.0.1:${barePort}/`);
    const how = arch === 'x64' ? 'native' : 'emulated';
    line(`${arch} (${how}, node ${version.trim()}): compute start-up`, format.ms(compute.startMs), `bare node:http ${format.ms(bare.startMs)}`);
    line(`${arch} (${how}): idle compute node RSS`, format.mb(compute.rssKb), `bare ${format.mb(bare.rssKb)} = ${format.ratio(compute.rssKb / bare.rssKb)}`);
  }
}

/**
 * Exec against raw lxc-attach (and what the node adds, piece by piece), the
 * terminal's keystroke echo on the node itself and through the manager's
 * proxy, a forwarded port against the container.
 */
async function insideAnInstance(): Promise<void> {
  console.log(`\nInside an instance (exec, terminal, a forwarded port)`);
  await api(computeNode, 'POST', '/instances', { name: 'inside1', start: true });
  await waitFor(async () => (await api(computeNode, 'GET', '/instances/inside1')).ipv4.length > 0, { timeoutMs: 30_000, what: 'inside1 to get an address' });
  await execAgainstLxcAttach();
  await keystrokeEcho();

  const board = boardAddress();
  if (board === null) {
    line('forwarded port throughput', 'skipped', 'no non-loopback IPv4 address on this machine');
  } else {
    await forwardedThroughput(board);
  }
  await api(computeNode, 'DELETE', '/instances/inside1?force=true');
}

/**
 * POST /instances/:id/exec of "true" against `lxc-attach -- true`, rounds
 * interleaved. Where the difference goes: the same lxc-attach with the node's
 * options (a cleared environment, PATH and the exec's marker), and the node's
 * HTTP, guard and validation alone (an exec refused as invalid: no process).
 */
async function execAgainstLxcAttach(): Promise<void> {
  const rounds = REPEAT * 4;
  const attach = (args: string[]) => run('lxc-attach', ['-P', computeNode.lxcPath, '-n', 'inside1', ...args, '--', 'true'], { timeout: 30_000 });
  const nodeOptions = ['--clear-env', '--set-var', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '--set-var', `TINYSTACK_EXEC=${randomBytes(12).toString('hex')}`];
  const refused = async () => {
    const response = await fetch(`${computeNode.url}/instances/inside1/exec`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ command: [] }),
    });
    await response.arrayBuffer();
    if (response.status !== 400) throw new Error(`an empty command answered ${response.status}`);
  };
  const viaApi: number[] = [];
  const raw: number[] = [];
  const rawWithOptions: number[] = [];
  const httpOnly: number[] = [];
  // Warm: the routes compiled, the first lxc-attach's page cache filled.
  for (let i = 0; i < 3; i += 1) {
    await api(computeNode, 'POST', '/instances/inside1/exec', { command: ['true'] });
    await attach([]);
    await refused();
  }
  const inNode: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    viaApi.push(await timed(async () => inNode.push((await api(computeNode, 'POST', '/instances/inside1/exec', { command: ['true'] })).durationMs)));
    raw.push(await timed(() => attach([])));
    rawWithOptions.push(await timed(() => attach(nodeOptions)));
    httpOnly.push(await timed(refused));
  }
  const [mApi, mRaw, mOptions, mHttp, mInNode] = [median(viaApi), median(raw), median(rawWithOptions), median(httpOnly), median(inNode)];
  line(`exec "true" (median of ${rounds}): API ${format.ms(mApi)} vs lxc-attach ${format.ms(mRaw)}`, format.ratio(mApi / mRaw), 'target <= 1.20x');
  line('  lxc-attach with the node\'s options, from here', format.ms(mOptions), `${format.ratio(mOptions / mRaw)} of plain lxc-attach`);
  line('  lxc-attach as the node ran it (its durationMs)', format.ms(mInNode), 'spawn to exit, in the node');
  line('  HTTP, token and validation alone (a 400)', format.ms(mHttp), 'no process started');
  line('  the API around its lxc-attach (API - durationMs)', format.ms(mApi - mInNode), '');
}

/** p50 and p99 of one key's echo, on the node's own WebSocket and through the manager's proxy, side by side. */
async function keystrokeEcho(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-bench-manager-'));
  const manager = await ManagerProcess.onLoopback(directory, { MANAGER_TOKEN, DISCOVERY_ENABLED: 'false' });
  try {
    await manager.start();
    const node = await manager.call('POST', '/api/nodes', { url: computeNode.url, token: TOKEN, name: 'bench' });
    const viaManager = async () => {
      // Wide, so that the keys typed stay on one line (no redraw of a wrapped line).
      const { url } = await manager.call('POST', `/api/nodes/${node.id}/instances/inside1/console`, { cols: 1000, rows: 24 });
      return terminalEchoTimes(`${manager.baseUrl.replace(/^http/, 'ws')}${url}`, {}, KEYS);
    };
    const direct = () => terminalEchoTimes(`${computeNode.url.replace(/^http/, 'ws')}/instances/inside1/console?cols=1000&rows=24`, AUTH, KEYS);
    // Warm both paths, then measure them one after the other, twice each, so neither has the quieter moment.
    await direct();
    await viaManager();
    const onNode = [...(await direct()), ...(await direct())];
    const proxied = [...(await viaManager()), ...(await viaManager())];
    const p = (times: number[], percentile: number) => {
      const sorted = [...times].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor((percentile / 100) * sorted.length))]!;
    };
    line(`keystroke echo through the manager (${proxied.length} keys), p50`, format.ms(p(proxied, 50)), `on the node itself ${format.ms(p(onNode, 50))}; target < 20 ms`);
    line('keystroke echo through the manager, p99', format.ms(p(proxied, 99)), `on the node itself ${format.ms(p(onNode, 99))}; target < 20 ms`);
    line('  the proxy\'s share, p50', format.ms(p(proxied, 50) - p(onNode, 50)), 'manager WebSocket in, node WebSocket out, and back');
  } finally {
    await manager.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Times from sending one key to seeing its echo, through a terminal WebSocket (the node's or the manager's) and the PTY. */
function terminalEchoTimes(url: string, headers: Record<string, string>, keys: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: 15_000 });
    const times: number[] = [];
    let ready = false;
    let sentAt = 0;
    let expected = '';
    // Bounded: a key whose echo never comes fails the run instead of hanging it.
    const deadline = setTimeout(() => {
      socket.terminate();
      reject(new Error(`terminal echo: ${times.length} of ${keys} keys came back within 60 s`));
    }, 60_000);
    const sendKey = () => {
      expected = String.fromCharCode(97 + (times.length % 26));
      sentAt = performance.now();
      socket.send(Buffer.from(expected), { binary: true });
    };
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      if (data.includes('\x1b[6n')) socket.send(Buffer.from('\x1b[1;1R'), { binary: true });
      const text = data.toString('utf8');
      if (!ready) {
        if (!text.includes('# ')) return;
        ready = true;
        sendKey();
        return;
      }
      if (!text.includes(expected)) return;
      times.push(performance.now() - sentAt);
      if (times.length < keys) sendKey();
      else {
        clearTimeout(deadline);
        socket.close();
        resolve(times);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(deadline);
      reject(new Error(`terminal refused: ${response.statusCode}`));
    });
  });
}

function boardAddress(): string | null {
  const found = Object.entries(networkInterfaces())
    .filter(([name]) => !/^(lxcbr|veth|lo)/.test(name))
    .flatMap(([, addresses]) => addresses ?? [])
    .find((entry) => entry.family === 'IPv4' && !entry.internal);
  return found?.address ?? null;
}

/** MB/s of a 32 MB download from busybox httpd: through the board's forwarded port (nftables) vs straight to the container. */
async function forwardedThroughput(board: string): Promise<void> {
  const ready = await api(computeNode, 'POST', '/instances/inside1/exec', {
    command: ['sh', '-c', 'mkdir -p /www && head -c 33554432 /dev/zero > /www/big && busybox httpd -p 80 -h /www'],
  });
  if (ready.exitCode !== 0) throw new Error(`httpd did not start in inside1: ${ready.stderr}`);
  const forward = await api(computeNode, 'POST', '/instances/inside1/ports', { containerPort: 80, protocol: 'tcp' });
  const container = (await api(computeNode, 'GET', '/instances/inside1')).ipv4[0] as string;
  const download = async (url: string) => {
    const started = performance.now();
    const response = await fetch(url);
    const bytes = (await response.arrayBuffer()).byteLength;
    return bytes / 1024 / 1024 / ((performance.now() - started) / 1000);
  };
  const forwarded: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < REPEAT; i += 1) {
    forwarded.push(await download(`http://${board}:${forward.hostPort}/big`));
    direct.push(await download(`http://${container}/big`));
  }
  const [mForwarded, mDirect] = [median(forwarded), median(direct)];
  line(`32 MB: forwarded ${mForwarded.toFixed(0)} MB/s vs direct ${mDirect.toFixed(0)} MB/s`, format.ratio(mForwarded / mDirect), 'target >= 0.90x');
  await api(computeNode, 'DELETE', `/instances/inside1/ports/${forward.hostPort}`);
}

/** The compute node's idle CPU with 0, 10 and 30 running containers: the per-instance figures read every sample. */
async function perInstanceSamplingCost(): Promise<void> {
  const seconds = Math.max(10, Math.round(IDLE_SECONDS / 3));
  console.log(`\nIdle CPU of a compute node with running containers (per-instance cgroup figures every 1 s), over ${seconds} s each`);
  const node = await startComputeNode('many');
  let running = 0;
  for (const target of [0, 10, 30]) {
    for (; running < target; running += 1) await api(node, 'POST', '/instances', { name: `many${running}`, start: true });
    await sleep(5000);
    const listed = (await api(node, 'GET', '/instances')) as Array<{ memoryBytes: number | null }>;
    const sampled = listed.filter((instance) => instance.memoryBytes !== null).length;
    const cpuBefore = cpuSecondsWithChildren(node.child.pid!);
    await sleep(seconds * 1000);
    const cpuPercent = ((cpuSecondsWithChildren(node.child.pid!) - cpuBefore) / seconds) * 100;
    line(`${target} running (${sampled} with figures)`, format.pct(cpuPercent), 'target: flat (reported)');
  }
  for (let i = 0; i < running; i += 1) await api(node, 'DELETE', `/instances/many${i}?force=true`);
}

/** ROOTFS_MB of incompressible files in the container's root filesystem. */
function fillRootfs(lxcPath: string, name: string): void {
  const folder = join(lxcPath, name, 'rootfs', 'opt', 'payload');
  mkdirSync(folder, { recursive: true });
  const megabyte = randomBytes(1024 * 1024);
  for (let i = 0; i < ROOTFS_MB; i += 1) writeFileSync(join(folder, `part-${i}`), megabyte);
}

async function cleanUp(): Promise<void> {
  await Promise.all(processes.map(stopProcess));
  for (const folder of ['idle-lxc', 'many-lxc']) {
    try {
      const { stdout } = await run('lxc-ls', ['-1', '-P', join(scratch, folder)]);
      for (const name of stdout.split('\n').filter(Boolean)) {
        await run('lxc-destroy', ['-P', join(scratch, folder), '-n', name, '-f']).catch(() => undefined);
      }
    } catch {
      // no LXC: nothing was created
    }
  }
  // The nodes leave their port rules in the kernel on purpose (a restart keeps them): the bench's go with it.
  await run('nft', ['delete', 'table', 'ip', BENCH_NFT_TABLE]).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
  rmSync(diskScratch, { recursive: true, force: true });
}

main()
  .catch((error: Error) => {
    console.error(`Benchmark failed: ${error.message}`);
    for (const p of processes) console.error(p.log().slice(-2000));
    process.exitCode = 1;
  })
  .finally(cleanUp);
