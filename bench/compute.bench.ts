// npm run bench:compute — what an idle compute node costs a 1 GB board, measured
// side by side with a bare node:http server in one run on this machine.
// Prints figures; it never fails on a target (benchmarks are read, not asserted).
//
// BENCH_IDLE_SECONDS (default 60) sets the CPU measuring window, BENCH_REPEAT
// (default 5) the repetitions of each container operation, BENCH_ROOTFS_MB
// (default 300) the size of the root filesystem the rename is measured with.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { loadTest } from './http-load.js';
import { freePort, residentBytes } from './process-figures.js';
import { cpuPercentOver, format, median, sleep, startNode, stopProcess, timed, waitFor, type StartedNode } from './spawned-node.js';

const REPOSITORY = join(__dirname, '..', '..');

const run = promisify(execFile);
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 60);
const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 5);
const ROOTFS_MB = Number(process.env['BENCH_ROOTFS_MB'] ?? 300);
const TOKEN = 'bench-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const scratch = mkdtempSync(join(tmpdir(), 'tinystack-lxc-bench-'));
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

async function startComputeNode(name: string, env: Record<string, string> = {}): Promise<ComputeNode> {
  const port = await freePort();
  const lxcPath = join(scratch, `${name}-lxc`);
  const node = startNode(join(REPOSITORY, 'dist/apps/compute/main.js'), {
    flags: COMPUTE_NODE_FLAGS,
    env: {
      COMPUTE_HOST: '127.0.0.1',
      COMPUTE_PORT: String(port),
      COMPUTE_TOKEN: TOKEN,
      DATA_DIR: join(scratch, `${name}-data`),
      LXC_PATH: lxcPath,
      NFT_TABLE: BENCH_NFT_TABLE,
      ...env,
    },
  });
  processes.push(node);
  const url = `http://127.0.0.1:${port}`;
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

let computeNode: ComputeNode;

async function main(): Promise<void> {
  ({ COMPUTE_NODE_FLAGS } = await import(pathToFileURL(join(REPOSITORY, 'scripts/node-flags.mjs')).href));
  console.log(`TinyStack compute node benchmark — node ${process.version}, flags ${COMPUTE_NODE_FLAGS.join(' ') || '(none)'}`);
  console.log('Both servers run with the same node flags the compute node ships with.\n');

  computeNode = await startComputeNode('idle');
  const slowLedNode = await startComputeNode('idle-slow-led', { LED_INTERVAL_MS: '10000' });
  const bare = await startBareServer();

  console.log('Memory (idle, after 10 s settling)');
  await sleep(10_000);
  const computeKb = residentBytes(computeNode.pid) / 1024;
  const bareKb = residentBytes(bare.pid) / 1024;
  line('compute node resident memory', format.mb(computeKb));
  line('bare node:http server resident memory', format.mb(bareKb));
  line('ratio', format.ratio(computeKb / bareKb), 'target <= 1.60x');

  console.log(`\nIdle CPU over ${IDLE_SECONDS} s (sampler every 1 s, LED redraw every 500 ms)`);
  const [computeCpu, slowLedCpu, bareCpu] = await Promise.all([
    cpuPercentOver(computeNode.pid, IDLE_SECONDS),
    cpuPercentOver(slowLedNode.pid, IDLE_SECONDS),
    cpuPercentOver(bare.pid, IDLE_SECONDS),
  ]);
  line('compute node, % of one core', format.pct(computeCpu), 'target < 1 %');
  line('  = CPU seconds per minute', (computeCpu * 0.6).toFixed(3) + ' s');
  line('same node with LED redraw every 10 s', format.pct(slowLedCpu));
  line('LED redraw loop (difference), % of one core', format.pct(Math.max(0, computeCpu - slowLedCpu)), 'target < 0.5 %');
  line('bare server, % of one core', format.pct(bareCpu));

  console.log('\nGET /usage at 50 concurrent connections for 10 s (reported, no target)');
  const nestLoad = await loadTest(`${computeNode.url}/usage`, { headers: AUTH });
  const bareLoad = await loadTest(`${bare.url}/usage`);
  line('compute node requests/s', nestLoad.requestsPerSecond.toFixed(0));
  line('compute node p99', format.ms(nestLoad.p99Ms), nestLoad.errors ? `${nestLoad.errors} errors` : '');
  line('bare server requests/s', bareLoad.requestsPerSecond.toFixed(0));
  line('bare server p99', format.ms(bareLoad.p99Ms), bareLoad.errors ? `${bareLoad.errors} errors` : '');

  await releaseArtefacts();

  if (!(await lxcAvailable())) {
    console.log('\nLXC parts skipped: they need root and the LXC tools (scripts/setup-host.sh).');
    return;
  }

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

/** Exec against raw lxc-attach, the terminal's keystroke echo on the node itself, a forwarded port against the container. */
async function insideAnInstance(): Promise<void> {
  console.log(`\nInside an instance (exec, terminal, a forwarded port)`);
  await api(computeNode, 'POST', '/instances', { name: 'inside1', start: true });
  await waitFor(async () => (await api(computeNode, 'GET', '/instances/inside1')).ipv4.length > 0, { timeoutMs: 30_000, what: 'inside1 to get an address' });
  const rounds = REPEAT * 4;
  const viaApi: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    viaApi.push(await timed(() => api(computeNode, 'POST', '/instances/inside1/exec', { command: ['true'] })));
    raw.push(await timed(() => run('lxc-attach', ['-P', computeNode.lxcPath, '-n', 'inside1', '--', 'true'], { timeout: 30_000 })));
  }
  const [mApi, mRaw] = [median(viaApi), median(raw)];
  line(`exec "true" (median of ${rounds}): API ${format.ms(mApi)} vs lxc-attach ${format.ms(mRaw)}`, format.ratio(mApi / mRaw), 'target <= 1.20x');

  const echoes = await terminalEchoTimes(computeNode.url, 'inside1', 100);
  echoes.sort((a, b) => a - b);
  const percentile = (p: number) => echoes[Math.min(echoes.length - 1, Math.floor((p / 100) * echoes.length))]!;
  line('keystroke echo on the node itself (100 keys), p50', format.ms(percentile(50)), 'reported (the manager adds its proxy)');
  line('keystroke echo on the node itself, p99', format.ms(percentile(99)), '');

  const board = boardAddress();
  if (board === null) {
    line('forwarded port throughput', 'skipped', 'no non-loopback IPv4 address on this machine');
  } else {
    await forwardedThroughput(board);
  }
  await api(computeNode, 'DELETE', '/instances/inside1?force=true');
}

/** Times from sending one key to seeing its echo, through the node's WebSocket and PTY. */
function terminalEchoTimes(url: string, instance: string, keys: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/instances/${instance}/console`, { headers: AUTH });
    const times: number[] = [];
    let ready = false;
    let sentAt = 0;
    let expected = '';
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
        socket.close();
        resolve(times);
      }
    });
    socket.on('error', reject);
    socket.on('unexpected-response', (_request, response) => reject(new Error(`terminal refused: ${response.statusCode}`)));
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
    line(`${target} running (${sampled} with figures)`, format.pct(await cpuPercentOver(node.child.pid!, seconds)), 'target: flat (reported)');
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
}

main()
  .catch((error: Error) => {
    console.error(`Benchmark failed: ${error.message}`);
    for (const p of processes) console.error(p.log().slice(-2000));
    process.exitCode = 1;
  })
  .finally(cleanUp);
