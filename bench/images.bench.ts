// BENCH_IMAGES_ONLY=1 npm run bench:compute — images, snapshots and restores on a compute node,
// each side by side with the raw LXC tool doing the same on this machine:
// - a create from an image of the node's cache (POST /instances { image }: tar into the lxcpath and a
//   written config) against `lxc-create -t busybox` (the template copies the host's busybox), and the
//   node's own template create (POST /instances { template: busybox });
// - a snapshot (POST /instances/:id/snapshots) against a raw `lxc-snapshot`, a restore
//   (POST …/snapshots/:snap/restore) against a raw `lxc-snapshot -r`.
// BENCH_REPEAT (default 5) repetitions of each; the median is printed. Needs root and LXC.
// Prints figures; it never fails on a target (benchmarks are read, not asserted).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './process-figures.js';
import { format, median, startNode, stopProcess, timed, waitFor, type StartedNode } from './spawned-node.js';

const REPOSITORY = join(__dirname, '..', '..');
const run = promisify(execFile);
const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 5);
const TOKEN = 'bench-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const DEBIAN_ARCHITECTURE: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf' };

function line(label: string, value: string, baseline: string): void {
  console.log(`  ${label.padEnd(52)} ${value.padStart(12)}  ${baseline}`);
}

interface Image {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** A busybox rootfs (what the template makes) plus a marker, packed as an image is. */
async function makeImage(scratch: string): Promise<Image> {
  const lxcPath = join(scratch, 'image-lxc');
  mkdirSync(lxcPath);
  await run('lxc-create', ['-P', lxcPath, '-n', 'image-source', '-t', 'busybox']);
  writeFileSync(join(lxcPath, 'image-source', 'rootfs', 'root', 'marker.txt'), 'bench\n');
  const path = join(scratch, 'image.tar');
  await run('tar', ['--create', '--file', path, '--directory', join(lxcPath, 'image-source', 'rootfs'), '--numeric-owner', '.']);
  await run('lxc-destroy', ['-P', lxcPath, '-n', 'image-source', '-f']);
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => createReadStream(path).on('data', (chunk) => hash.update(chunk)).on('end', resolve).on('error', reject));
  return { path, sha256: hash.digest('hex'), sizeBytes: statSync(path).size };
}

function putImage(url: string, image: Image): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/images/${image.sha256}`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/octet-stream',
          'content-length': String(image.sizeBytes),
          'x-image-name': 'bench',
          'x-image-architecture': DEBIAN_ARCHITECTURE[arch()] ?? arch(),
          'x-image-size': String(image.sizeBytes),
        },
        timeout: 60_000,
      },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 0));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 60 s')));
    outgoing.on('error', reject);
    createReadStream(image.path).pipe(outgoing);
  });
}

async function api(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const answer = await fetch(`${url}${path}`, { method, headers: AUTH, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(120_000) });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Median milliseconds of `REPEAT` runs of `action`, `between` run untimed after each. */
async function medianOf(action: (index: number) => Promise<unknown>, between: (index: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < REPEAT; index++) {
    times.push(await timed(() => action(index)));
    await between(index);
  }
  return median(times);
}

/** Runs the images benchmark; false when it could not. */
export async function imagesBench(): Promise<boolean> {
  const scratch = mkdtempSync(join(tmpdir(), 'tinystack-lxc-bench-images-'));
  const rawPath = join(scratch, 'raw-lxc');
  const nodePath = join(scratch, 'node-lxc');
  mkdirSync(rawPath);
  mkdirSync(nodePath);
  let node: StartedNode | undefined;
  // Unique names: containers' cgroups are named after the container alone.
  const tag = process.pid.toString(36);
  try {
    console.log(`TinyStack images benchmark — node ${process.version}, ${REPEAT} runs each, medians\n`);
    const image = await makeImage(scratch);
    const port = await freePort();
    node = startNode(join(REPOSITORY, 'dist/apps/compute/main.js'), {
      env: {
        COMPUTE_HOST: '127.0.0.1',
        COMPUTE_PORT: String(port),
        COMPUTE_TOKEN: TOKEN,
        DATA_DIR: join(scratch, 'data'),
        LXC_PATH: nodePath,
        LED_ENABLED: 'false',
        NFT_TABLE: 'tinystack_bench',
        DISCOVERY_ENABLED: 'false',
        LOG_LEVEL: 'warn',
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(() => fetch(`${url}/health`).then((answer) => answer.ok), { what: 'the compute node to listen', timeoutMs: 30_000 });

    const sendMs = await timed(async () => {
      const status = await putImage(url, image);
      if (status !== 201) throw new Error(`PUT /images answered ${status}`);
    });
    console.log(`Sending the image (${(image.sizeBytes / 1048576).toFixed(1)} MB) into the node's cache: ${format.ms(sendMs)}\n`);

    console.log('Creating a container                                           node         raw LXC');
    const fromImage = await medianOf(
      (index) => api(url, 'POST', '/instances', { name: `bi${tag}-${index}`, image: { sha256: image.sha256 } }),
      (index) => api(url, 'DELETE', `/instances/bi${tag}-${index}`),
    );
    const fromTemplateApi = await medianOf(
      (index) => api(url, 'POST', '/instances', { name: `bt${tag}-${index}`, template: 'busybox' }),
      (index) => api(url, 'DELETE', `/instances/bt${tag}-${index}`),
    );
    const rawCreate = await medianOf(
      (index) => run('lxc-create', ['-P', rawPath, '-n', `br${tag}-${index}`, '-t', 'busybox']),
      (index) => run('lxc-destroy', ['-P', rawPath, '-n', `br${tag}-${index}`, '-f']),
    );
    line('from a cached image (POST /instances { image })', format.ms(fromImage), `lxc-create -t busybox ${format.ms(rawCreate)} (${format.ratio(fromImage / rawCreate)})`);
    line('from the busybox template (POST /instances)', format.ms(fromTemplateApi), `lxc-create -t busybox ${format.ms(rawCreate)} (${format.ratio(fromTemplateApi / rawCreate)})`);

    console.log('\nSnapshots of a stopped container                               node         raw LXC');
    const subject = `bs${tag}`;
    await api(url, 'POST', '/instances', { name: subject, image: { sha256: image.sha256 } });
    await run('lxc-create', ['-P', rawPath, '-n', subject, '-t', 'busybox']);
    const snapshot = await medianOf(
      (index) => api(url, 'POST', `/instances/${subject}/snapshots`, { name: `s${index}` }),
      async () => undefined,
    );
    const rawSnapshot = await medianOf(() => run('lxc-snapshot', ['-P', rawPath, '-n', subject]), async () => undefined);
    line('snapshot (POST /instances/:id/snapshots)', format.ms(snapshot), `lxc-snapshot ${format.ms(rawSnapshot)} (${format.ratio(snapshot / rawSnapshot)})`);
    const restore = await medianOf((index) => api(url, 'POST', `/instances/${subject}/snapshots/s${index}/restore`, {}), async () => undefined);
    const rawRestore = await medianOf((index) => run('lxc-snapshot', ['-P', rawPath, '-n', subject, '-r', `snap${index}`]), async () => undefined);
    line('restore (POST …/snapshots/:snap/restore)', format.ms(restore), `lxc-snapshot -r ${format.ms(rawRestore)} (${format.ratio(restore / rawRestore)})`);
    return true;
  } catch (error) {
    console.error(`Images benchmark failed: ${(error as Error).message}`);
    if (node) console.error(node.log().slice(-2000));
    return false;
  } finally {
    if (node) await stopProcess(node);
    for (const lxcPath of [rawPath, nodePath]) {
      const { stdout } = await run('lxc-ls', ['-1', '-P', lxcPath]).catch(() => ({ stdout: '' }));
      for (const name of stdout.split('\n').filter(Boolean)) await run('lxc-destroy', ['-P', lxcPath, '-n', name, '-s', '-f']).catch(() => undefined);
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}
