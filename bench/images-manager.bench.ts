// Images (BENCH_IMAGES_ONLY=1 npm run bench:manager, after npm run build:compute):
// distributing a 50 MB image from the manager's library to 3 compute nodes
// (POST /api/images/:name/warm: the manager streams the file to each node's
// PUT /images/:sha256, which hashes it and writes it to its cache), against
// the same file sent to 3 clients over the same loopback by a plain node:http
// server that pipes it from disk, each client writing it to disk. Target: the
// manager reaches at least 0.8x the plain download's throughput, and its
// resident memory stays flat while it serves (it streams, never buffers).
//
// The compute nodes are the real dist/apps/compute/main.js, without LXC (an
// image cache needs none); the manager is the real bundle.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { freePort, ManagerProcess } from './manager-process.js';
import { sleep, startNode, stopProcess, waitFor, type StartedNode } from './spawned-node.js';

const IMAGE_BYTES = 50 * 1024 * 1024;
const NODES = 3;
const MANAGER_TOKEN = 'bench-manager-token-0123456789';
const NODE_TOKEN = 'bench-node-token-0123456789';
const COMPUTE_BUNDLE = join(__dirname, '..', 'apps', 'compute', 'main.js');
const TARGET_RATIO = 0.8;
const RSS_EVERY_MS = 50;

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

/**
 * The baseline: a plain server piping the file, NODES clients at once each
 * writing it to disk. With `checked`, each client also does what a node must
 * before it trusts an image (a sha256 of the bytes and an fsync at the end):
 * the same download with the node's own work, to tell the manager's share of
 * the time from the node's. Seconds.
 */
async function plainDownload(file: string, directory: string, checked = false): Promise<number> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(statSync(file).size) });
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(response);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: NODES }, (_, index) =>
        new Promise<void>((resolve, reject) => {
          get(`http://127.0.0.1:${port}/image`, (response) => {
            const hash = createHash('sha256');
            if (checked) response.on('data', (chunk: Buffer) => hash.update(chunk));
            const out = createWriteStream(join(directory, `plain-${index}.tar`), { flush: checked });
            pipeline(response, out).then(() => (checked ? hash.digest('hex') : undefined)).then(() => resolve(), reject);
          }).on('error', reject);
        }),
      ),
    );
    return (performance.now() - started) / 1000;
  } finally {
    server.close();
  }
}

interface ManagedFigures {
  seconds: number;
  rssBeforeMb: number;
  rssMaxMb: number;
  rssAfterMb: number;
  results: string[];
}

async function managedDistribution(file: string, directory: string): Promise<ManagedFigures> {
  const nodes: StartedNode[] = [];
  let manager: ManagerProcess | undefined;
  try {
    const urls: string[] = [];
    for (let index = 0; index < NODES; index++) {
      const port = await freePort();
      const data = join(directory, `node-${index}`);
      mkdirSync(data, { recursive: true });
      nodes.push(
        startNode(COMPUTE_BUNDLE, {
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
      urls.push(`http://127.0.0.1:${port}`);
    }
    const port = await freePort();
    manager = new ManagerProcess(
      `http://127.0.0.1:${port}`,
      { MANAGER_HOST: '127.0.0.1', MANAGER_PORT: String(port), MQTT_PORT: '0', MANAGER_TOKEN, DATA_DIR: join(directory, 'manager'), DISCOVERY_ENABLED: 'false', POLL_INTERVAL_MS: '1000' },
      directory,
    );
    await manager.start();
    for (const [index, url] of urls.entries()) {
      await waitFor(() => fetch(`${url}/health`).then((answer) => answer.ok), { what: `compute node ${index + 1}` });
      await manager.call('POST', '/api/nodes', { url, token: NODE_TOKEN, name: `bench-${index + 1}` });
    }
    const imported = await fetch(`${manager.baseUrl}/api/images/import?name=bench50&architecture=${debianArchitecture()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MANAGER_TOKEN}`, 'content-type': 'application/octet-stream', 'content-length': String(IMAGE_BYTES) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      ...({ duplex: 'half' } as object),
    });
    if (imported.status !== 201) throw new Error(`the import answered ${imported.status}: ${await imported.text()}`);
    await waitFor(
      async () => {
        const listed = (await manager!.call('GET', '/api/nodes')) as Array<{ state: string }>;
        return listed.length === NODES && listed.every((node) => node.state === 'ACTIVE');
      },
      { what: 'every node ACTIVE', timeoutMs: 30_000 },
    );
    await sleep(2000);
    const rssBefore = manager.rssBytes();
    let rssMax = rssBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssMax = Math.max(rssMax, manager!.rssBytes());
        await sleep(RSS_EVERY_MS);
      }
    })();
    const started = performance.now();
    let operation = await manager.call('POST', '/api/images/bench50/warm');
    while (operation.status === 'running') operation = await manager.call('GET', `/api/operations/${operation.id}?wait=60`);
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    if (operation.status !== 'succeeded') throw new Error(`the warm failed: ${operation.error?.message}`);
    await sleep(1000);
    return {
      seconds,
      rssBeforeMb: rssBefore / 1e6,
      rssMaxMb: rssMax / 1e6,
      rssAfterMb: manager.rssBytes() / 1e6,
      results: (operation.results as Array<{ name: string; message: string }>).map((result) => `${result.name}: ${result.message}`),
    };
  } finally {
    await manager?.stop();
    await Promise.all(nodes.map((node) => stopProcess(node)));
  }
}

function debianArchitecture(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'armhf' } as Record<string, string>)[process.arch] ?? process.arch;
}

/** Prints the figures beside their targets; false when it could not measure (the compute bundle missing). */
export async function imagesFigures(): Promise<boolean> {
  console.log(`\nImages: a ${IMAGE_BYTES / (1024 * 1024)} MB image to ${NODES} nodes on loopback`);
  if (!existsSync(COMPUTE_BUNDLE)) {
    console.log(`  ${COMPUTE_BUNDLE} is missing: run npm run build:compute first`);
    return false;
  }
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-images-bench-'));
  try {
    const file = join(directory, 'image.tar');
    await makeImage(file);
    const plainSeconds = await plainDownload(file, directory);
    const checkedSeconds = await plainDownload(file, directory, true);
    const managed = await managedDistribution(file, directory);
    const total = (IMAGE_BYTES * NODES) / (1024 * 1024);
    const plainRate = total / plainSeconds;
    const managedRate = total / managed.seconds;
    const ratio = managedRate / plainRate;
    console.log(`  plain HTTP download (${NODES} at once, to disk)   ${plainSeconds.toFixed(2)} s   ${plainRate.toFixed(0)} MiB/s`);
    console.log(`  the same, each client hashing and fsyncing     ${checkedSeconds.toFixed(2)} s   ${(total / checkedSeconds).toFixed(0)} MiB/s   (what a node does before it trusts an image)`);
    console.log(`  manager warm (hashed and cached by each node)  ${managed.seconds.toFixed(2)} s   ${managedRate.toFixed(0)} MiB/s`);
    console.log(`  ratio ${ratio.toFixed(2)}x of the plain download (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); ${(managedRate / (total / checkedSeconds)).toFixed(2)}x of the checked one`);
    const growth = managed.rssMaxMb - managed.rssBeforeMb;
    console.log(
      `  manager RSS: ${managed.rssBeforeMb.toFixed(1)} MB before, ${managed.rssMaxMb.toFixed(1)} MB at most while serving ` +
        `(+${growth.toFixed(1)} MB for ${total} MiB sent: ${growth < IMAGE_BYTES / 1e6 / 2 ? 'flat, streamed' : 'GROWS: buffered?'}), ${managed.rssAfterMb.toFixed(1)} MB after`,
    );
    for (const result of managed.results) console.log(`    ${result}`);
    return true;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
