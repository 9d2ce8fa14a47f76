// Images (BENCH_IMAGES_ONLY=1 npm run bench:manager, after npm run build:compute):
// distributing a 50 MB image from the manager's library to 3 compute nodes
// (POST /api/images/:name/warm: the manager streams the file to each node's
// PUT /images/:sha256, which hashes it and writes it to its cache), against
// the same file sent to 3 receivers over the same loopback by a plain node:http
// server that pipes it from disk, each receiver its own process writing it to
// disk (as each node is its own process). Target: the manager reaches at least
// 0.8x the plain download's throughput, and its resident memory stays flat
// while it serves (it streams, never buffers).
//
// The compute nodes are the real dist/apps/compute/main.js with the flags they
// run with in production (scripts/node-flags.mjs), without LXC (an image cache
// needs none); the manager is the real bundle with its own flags. Every way is
// measured BENCH_IMAGES_ROUNDS times (default 7), the ways taking turns in each
// round so that the machine's other work weighs on them alike; the figures are
// the medians (and the range), with the load average printed beside them.
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, get, request, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { freePort, ManagerProcess } from './manager-process.js';
import { cpuSeconds } from './process-figures.js';
import { median, sleep, startNode, stopProcess, waitFor, type StartedNode } from './spawned-node.js';

const IMAGE_BYTES = 50 * 1024 * 1024;
const NODES = 3;
const ROUNDS = Math.max(1, Math.min(50, Number(process.env['BENCH_IMAGES_ROUNDS'] ?? 7) || 7));
const MANAGER_TOKEN = 'bench-manager-token-0123456789';
const NODE_TOKEN = 'bench-node-token-0123456789';
const COMPUTE_BUNDLE = join(__dirname, '..', 'apps', 'compute', 'main.js');
const NODE_FLAGS_MODULE = join(__dirname, '..', '..', 'scripts', 'node-flags.mjs');
const TARGET_RATIO = 0.8;
const RSS_EVERY_MS = 50;
const RECEIVER_ROLE = 'plain-receiver';

/** 50 MB of random bytes (incompressible) written in 1 MiB pieces; its sha256. */
async function makeImage(file: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let written = 0; written < IMAGE_BYTES; written += 1024 * 1024) {
    const chunk = randomBytes(1024 * 1024);
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return hash.digest('hex');
}

/** What the bench asks a plain receiver to do: download `url` to `file`; with `checked`, hash it and fsync at the end. */
interface ReceiveOrder {
  url: string;
  file: string;
  checked: boolean;
}

/**
 * A plain receiver (this file run as a child process): downloads what it is
 * told with node:http piped into a file, as any HTTP client would, and says
 * when it is done. With `checked` it also does what a node must before it
 * trusts an image: a sha256 of the bytes and an fsync at the end.
 */
function runPlainReceiver(): void {
  process.on('message', (order: ReceiveOrder) => {
    get(order.url, (response) => {
      const hash = createHash('sha256');
      if (order.checked) response.on('data', (chunk: Buffer) => hash.update(chunk));
      pipeline(response, createWriteStream(order.file, { flush: order.checked }))
        .then(() => process.send!({ ok: true, sha256: order.checked ? hash.digest('hex') : null }))
        .catch((error: Error) => process.send!({ ok: false, message: error.message }));
    }).on('error', (error) => process.send!({ ok: false, message: error.message }));
  });
  process.send!({ ready: true });
}

/** The plain baseline: a node:http server piping the file, NODES receiver processes downloading it at once. */
class PlainDownload {
  private server: Server | undefined;
  private port = 0;
  private readonly receivers: ChildProcess[] = [];

  constructor(
    private readonly file: string,
    private readonly directory: string,
  ) {}

  async start(): Promise<void> {
    const size = statSync(this.file).size;
    this.server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
      createReadStream(this.file, { highWaterMark: 1024 * 1024 }).pipe(response);
    });
    this.port = await freePort();
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    for (let index = 0; index < NODES; index++) {
      const child = fork(__filename, [RECEIVER_ROLE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
      this.receivers.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`a plain receiver exited with ${code}`)));
      });
    }
  }

  /** Seconds from asking the receivers to the last one done. */
  async run(checked: boolean, expectedSha256: string): Promise<number> {
    const started = performance.now();
    await Promise.all(
      this.receivers.map(
        (child, index) =>
          new Promise<void>((resolve, reject) => {
            child.once('message', (answer: { ok: boolean; sha256?: string | null; message?: string }) => {
              if (!answer.ok) reject(new Error(`a plain receiver failed: ${answer.message}`));
              else if (checked && answer.sha256 !== expectedSha256) reject(new Error('a plain receiver got other bytes'));
              else resolve();
            });
            child.send({ url: `http://127.0.0.1:${this.port}/image`, file: join(this.directory, `plain-${index}.tar`), checked } satisfies ReceiveOrder);
          }),
      ),
    );
    return (performance.now() - started) / 1000;
  }

  get receiverPids(): number[] {
    return this.receivers.map((child) => child.pid!);
  }

  async stop(): Promise<void> {
    for (const child of this.receivers) child.kill('SIGTERM');
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The real manager and NODES real compute nodes, the image imported into the manager's library. */
class ManagedDistribution {
  private readonly nodes: StartedNode[] = [];
  private readonly urls: string[] = [];
  private manager: ManagerProcess | undefined;
  private rssSamples: number[] = [];
  /** The most RSS while each warm ran. */
  readonly rssMaxPerWarmMb: number[] = [];
  rssBeforeMb = 0;
  rssAfterMb = 0;
  results: string[] = [];

  constructor(
    private readonly file: string,
    private readonly sha256: string,
    private readonly directory: string,
  ) {}

  get managerPid(): number {
    return this.manager!.pid;
  }

  get nodePids(): number[] {
    return this.nodes.map((node) => node.pid);
  }

  get rssMaxMb(): number {
    return Math.max(this.rssBeforeMb, ...this.rssMaxPerWarmMb);
  }

  async start(): Promise<void> {
    const { COMPUTE_NODE_FLAGS } = (await import(pathToFileURL(NODE_FLAGS_MODULE).href)) as { COMPUTE_NODE_FLAGS: string[] };
    for (let index = 0; index < NODES; index++) {
      const port = await freePort();
      const data = join(this.directory, `node-${index}`);
      mkdirSync(data, { recursive: true });
      this.nodes.push(
        startNode(COMPUTE_BUNDLE, {
          flags: COMPUTE_NODE_FLAGS,
          env: {
            COMPUTE_HOST: '127.0.0.1',
            COMPUTE_PORT: String(port),
            COMPUTE_TOKEN: NODE_TOKEN,
            DATA_DIR: data,
            LED_ENABLED: 'false',
            DISCOVERY_ENABLED: 'false',
            PATH: '/nonexistent',
          },
        }),
      );
      this.urls.push(`http://127.0.0.1:${port}`);
    }
    const port = await freePort();
    const manager = new ManagerProcess(
      `http://127.0.0.1:${port}`,
      { MANAGER_HOST: '127.0.0.1', MANAGER_PORT: String(port), MQTT_PORT: '0', MANAGER_TOKEN, DATA_DIR: join(this.directory, 'manager'), DISCOVERY_ENABLED: 'false', POLL_INTERVAL_MS: '1000' },
      this.directory,
    );
    this.manager = manager;
    await manager.start();
    for (const [index, url] of this.urls.entries()) {
      await waitFor(() => fetch(`${url}/health`).then((answer) => answer.ok), { what: `compute node ${index + 1}` });
      await manager.call('POST', '/api/nodes', { url, token: NODE_TOKEN, name: `bench-${index + 1}` });
    }
    const imported = await fetch(`${manager.baseUrl}/api/images/import?name=bench50&architecture=${debianArchitecture()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MANAGER_TOKEN}`, 'content-type': 'application/octet-stream', 'content-length': String(IMAGE_BYTES) },
      body: Readable.toWeb(createReadStream(this.file)) as ReadableStream<Uint8Array>,
      ...({ duplex: 'half' } as object),
    });
    if (imported.status !== 201) throw new Error(`the import answered ${imported.status}: ${await imported.text()}`);
    await waitFor(
      async () => {
        const listed = (await manager.call('GET', '/api/nodes')) as Array<{ state: string }>;
        return listed.length === NODES && listed.every((node) => node.state === 'ACTIVE');
      },
      { what: 'every node ACTIVE', timeoutMs: 30_000 },
    );
    await sleep(2000);
    this.rssBeforeMb = manager.rssBytes() / 1e6;
  }

  /** Each node's cache loses the image, so that the next warm sends it again. */
  async forgetOnNodes(): Promise<void> {
    for (const url of this.urls) {
      const answer = await fetch(`${url}/images/${this.sha256}`, { method: 'DELETE', headers: { authorization: `Bearer ${NODE_TOKEN}` } });
      if (answer.status !== 204 && answer.status !== 404) throw new Error(`DELETE /images on ${url} answered ${answer.status}`);
    }
  }

  /** Seconds of one warm to every node (after forgetOnNodes) (POST to the operation's end), the manager's RSS sampled meanwhile. */
  async warm(): Promise<number> {
    const manager = this.manager!;
    let sampling = true;
    this.rssSamples = [];
    const sampler = (async () => {
      while (sampling) {
        this.rssSamples.push(manager.rssBytes() / 1e6);
        await sleep(RSS_EVERY_MS);
      }
    })();
    const started = performance.now();
    let operation = await manager.call('POST', '/api/images/bench50/warm');
    while (operation.status === 'running') operation = await manager.call('GET', `/api/operations/${operation.id}?wait=60`);
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    this.rssMaxPerWarmMb.push(Math.max(...this.rssSamples));
    if (operation.status !== 'succeeded') throw new Error(`the warm failed: ${operation.error?.message}`);
    this.results = (operation.results as Array<{ name: string; message: string }>).map((result) => `${result.name}: ${result.message}`);
    return seconds;
  }

  /**
   * The same PUT /images/:sha256 a plain node:http client sends straight to
   * the nodes, without the manager: the nodes' share of the time.
   */
  async direct(): Promise<number> {
    const started = performance.now();
    await Promise.all(
      this.urls.map(
        (url) =>
          new Promise<void>((resolve, reject) => {
            const outgoing = request(
              `${url}/images/${this.sha256}`,
              {
                method: 'PUT',
                headers: {
                  authorization: `Bearer ${NODE_TOKEN}`,
                  'content-type': 'application/octet-stream',
                  'content-length': String(IMAGE_BYTES),
                  'x-image-name': 'bench50',
                  'x-image-architecture': debianArchitecture(),
                  'x-image-size': String(IMAGE_BYTES),
                },
              },
              (answer) => {
                answer.resume();
                answer.on('end', () => (answer.statusCode === 201 ? resolve() : reject(new Error(`PUT /images on ${url} answered ${answer.statusCode}`))));
              },
            );
            outgoing.on('error', reject);
            createReadStream(this.file, { highWaterMark: 1024 * 1024 }).pipe(outgoing);
          }),
      ),
    );
    return (performance.now() - started) / 1000;
  }

  async stop(): Promise<void> {
    if (this.manager) {
      await sleep(1000);
      this.rssAfterMb = this.manager.rssBytes() / 1e6;
    }
    await this.manager?.stop();
    await Promise.all(this.nodes.map((node) => stopProcess(node)));
  }
}

function debianArchitecture(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'armhf' } as Record<string, string>)[process.arch] ?? process.arch;
}

/** One transfer to every receiver: its seconds, and the CPU seconds the sender and the receivers spent on it. */
interface Sample {
  seconds: number;
  senderCpu: number;
  receiversCpu: number;
}

async function sample(run: () => Promise<number>, sender: number, receivers: number[]): Promise<Sample> {
  const cpu = () => ({ sender: cpuSeconds(sender), receivers: receivers.reduce((sum, pid) => sum + cpuSeconds(pid), 0) });
  const before = cpu();
  const seconds = await run();
  const after = cpu();
  return { seconds, senderCpu: after.sender - before.sender, receiversCpu: after.receivers - before.receivers };
}

/** "0.31 s  484 MiB/s  (0.29-0.40 s)": the median of `seconds` as time and throughput, and the range. */
function figure(samples: Sample[], totalMiB: number): string {
  const seconds = samples.map((one) => one.seconds);
  const middle = median(seconds);
  const cpu = `CPU ${median(samples.map((one) => one.senderCpu)).toFixed(2)} s sender + ${median(samples.map((one) => one.receiversCpu)).toFixed(2)} s receivers`;
  return `${middle.toFixed(2)} s ${(totalMiB / middle).toFixed(0).padStart(4)} MiB/s (${Math.min(...seconds).toFixed(2)}-${Math.max(...seconds).toFixed(2)} s)  ${cpu}`;
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

/** Prints the figures beside their targets; false when it could not measure (the compute bundle missing). */
export async function imagesFigures(): Promise<boolean> {
  console.log(`\nImages: a ${IMAGE_BYTES / (1024 * 1024)} MB image to ${NODES} nodes on loopback, ${ROUNDS} rounds (medians), load average ${load()}`);
  if (!existsSync(COMPUTE_BUNDLE)) {
    console.log(`  ${COMPUTE_BUNDLE} is missing: run npm run build:compute first`);
    return false;
  }
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-images-bench-'));
  const file = join(directory, 'image.tar');
  const sha256 = await makeImage(file);
  const plain = new PlainDownload(file, directory);
  const managed = new ManagedDistribution(file, sha256, directory);
  const times = { plain: [] as Sample[], checked: [] as Sample[], direct: [] as Sample[], managed: [] as Sample[] };
  try {
    await plain.start();
    await managed.start();
    for (let round = 0; round < ROUNDS; round++) {
      times.plain.push(await sample(() => plain.run(false, sha256), process.pid, plain.receiverPids));
      times.checked.push(await sample(() => plain.run(true, sha256), process.pid, plain.receiverPids));
      await managed.forgetOnNodes();
      times.direct.push(await sample(() => managed.direct(), process.pid, managed.nodePids));
      await managed.forgetOnNodes();
      times.managed.push(await sample(() => managed.warm(), managed.managerPid, managed.nodePids));
    }
  } finally {
    await plain.stop();
    await managed.stop();
    rmSync(directory, { recursive: true, force: true });
  }
  const total = (IMAGE_BYTES * NODES) / (1024 * 1024);
  const seconds = (samples: Sample[]) => median(samples.map((one) => one.seconds));
  const ratio = seconds(times.plain) / seconds(times.managed);
  const checkedRatio = seconds(times.checked) / seconds(times.managed);
  console.log(`  plain HTTP download (${NODES} receivers at once, to disk)   ${figure(times.plain, total)}`);
  console.log(`  the same, each receiver hashing and fsyncing        ${figure(times.checked, total)}   (what a node does before it trusts an image)`);
  console.log(`  PUT straight to the ${NODES} nodes (no manager)           ${figure(times.direct, total)}   (the nodes' share)`);
  console.log(`  manager warm (hashed and cached by each node)       ${figure(times.managed, total)}`);
  console.log(`  ratio ${ratio.toFixed(2)}x of the plain download (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); ${checkedRatio.toFixed(2)}x of the checked one; load average ${load()}`);
  // Buffering would grow with the bytes sent: the first warm's peak against the peak of all of them (the first one also
  // grows the heap and the allocator's arenas once, as any first request of a kind does).
  const first = managed.rssMaxPerWarmMb[0] ?? managed.rssBeforeMb;
  const laterGrowth = managed.rssMaxMb - first;
  console.log(
    `  manager RSS: ${managed.rssBeforeMb.toFixed(1)} MB before, ${first.toFixed(1)} MB at most during the first warm, ` +
      `${managed.rssMaxMb.toFixed(1)} MB at most over all ${ROUNDS} (${ROUNDS} x ${total} MiB sent: +${laterGrowth.toFixed(1)} MB after the first, ` +
      `${laterGrowth < IMAGE_BYTES / 1e6 / 4 ? 'flat, streamed' : 'GROWS: buffered?'}), ${managed.rssAfterMb.toFixed(1)} MB after`,
  );
  for (const result of managed.results) console.log(`    ${result}`);
  return true;
}

// Run as a child process of the bench: one of the plain receivers.
if (require.main === module && process.argv[2] === RECEIVER_ROLE) runPlainReceiver();
