// bench:manager's figures of issue 11: the manager's SD-card writes with 10 boards, and the time from starting a board with MANAGER_URL + JOIN_TOKEN to ACTIVE.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FakeComputeNode } from './manager-fake-node.js';
import { freePort, ManagerProcess } from './manager-process.js';
import { median, sleep, startNode, stopProcess } from './spawned-node.js';

const MANAGER_TOKEN = 'bench-manager-token-0123456789';
const NODE_TOKEN = 'bench-node-token-0123456789';
/** The manager's defaults, as it ships. */
const POLL_INTERVAL_MS = 2000;
const HISTORY_INTERVAL_MS = 10_000;
const SD_BOARDS = 10;
const SD_WARM_UP_MS = 15_000;
const SD_SECONDS = Number(process.env['BENCH_SD_SECONDS'] ?? 180);
const SD_TARGET_MB_PER_HOUR = 5;
const JOIN_RUNS = 3;
const COMPUTE_BUNDLE = join(__dirname, '..', 'apps', 'compute', 'main.js');
const NODE_FLAGS_MODULE = join(__dirname, '..', '..', 'scripts', 'node-flags.mjs');

async function startManager(directory: string, env: Record<string, string> = {}): Promise<ManagerProcess> {
  const manager = await ManagerProcess.onLoopback(directory, {
    MANAGER_TOKEN,
    POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    HISTORY_INTERVAL_MS: String(HISTORY_INTERVAL_MS),
    DISCOVERY_ENABLED: 'false',
    ...env,
  });
  await manager.start();
  return manager;
}

/** Bytes the manager writes to its storage per hour with 10 boards polled at its defaults, extrapolated from SD_SECONDS. */
async function measureSdWrites(): Promise<{ bytesPerHour: number; seconds: number }> {
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-bench-sd-'));
  const nodes = Array.from({ length: SD_BOARDS }, (_, index) => new FakeComputeNode(`board-${index + 1}`, NODE_TOKEN));
  const manager = await startManager(directory);
  try {
    for (const node of nodes) await manager.call('POST', '/api/nodes', { url: await node.listen(), token: NODE_TOKEN });
    await sleep(SD_WARM_UP_MS);
    const before = manager.diskWriteBytes();
    const startedAt = performance.now();
    await sleep(SD_SECONDS * 1000);
    const written = manager.diskWriteBytes() - before;
    const seconds = (performance.now() - startedAt) / 1000;
    return { bytesPerHour: (written / seconds) * 3600, seconds };
  } finally {
    await manager.stop();
    await Promise.all(nodes.map((node) => node.close()));
    rmSync(directory, { recursive: true, force: true });
  }
}

/** From spawning a real compute node (dist, shipped flags) with MANAGER_URL + JOIN_TOKEN to its ACTIVE in GET /api/nodes; also to its own /health. */
async function measureJoins(): Promise<{ toActiveMs: number[]; toHealthMs: number[] }> {
  const { COMPUTE_NODE_FLAGS } = (await import(pathToFileURL(NODE_FLAGS_MODULE).href)) as { COMPUTE_NODE_FLAGS: string[] };
  const directory = mkdtempSync(join(tmpdir(), 'tinystack-manager-bench-join-'));
  const manager = await startManager(directory);
  const toActiveMs: number[] = [];
  const toHealthMs: number[] = [];
  try {
    const { token } = await manager.call('POST', '/api/join-tokens', { note: 'bench' });
    for (let run = 0; run < JOIN_RUNS; run++) {
      const port = await freePort();
      const startedAt = performance.now();
      const node = startNode(COMPUTE_BUNDLE, {
        flags: COMPUTE_NODE_FLAGS,
        env: {
          COMPUTE_HOST: '127.0.0.1',
          COMPUTE_PORT: String(port),
          COMPUTE_TOKEN: NODE_TOKEN,
          DATA_DIR: join(directory, `board-${run}`),
          LXC_PATH: join(directory, `lxc-${run}`),
          LED_ENABLED: 'false',
          DISCOVERY_ENABLED: 'false',
          MANAGER_URL: manager.baseUrl,
          JOIN_TOKEN: token,
        },
      });
      try {
        let healthAt: number | null = null;
        for (;;) {
          if (node.child.exitCode !== null) throw new Error(`the compute node exited:\n${node.log()}`);
          if (healthAt === null) {
            const health = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
            if (health?.ok) healthAt = performance.now();
          }
          const listed: Array<{ url: string; state: string }> = await manager.call('GET', '/api/nodes');
          if (listed.some((entry) => entry.url === `http://127.0.0.1:${port}` && entry.state === 'ACTIVE')) break;
          if (performance.now() - startedAt > 60_000) throw new Error(`the compute node was not ACTIVE within 60 s:\n${node.log()}`);
          await sleep(25);
        }
        toActiveMs.push(performance.now() - startedAt);
        toHealthMs.push((healthAt ?? performance.now()) - startedAt);
      } finally {
        await stopProcess(node);
      }
    }
    return { toActiveMs, toHealthMs };
  } finally {
    await manager.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function joinAndSdFigures(): Promise<void> {
  process.stdout.write(`\nmeasuring ${JOIN_RUNS} joins: a real compute node (dist) started with MANAGER_URL + JOIN_TOKEN, until ACTIVE...\n`);
  const joins = await measureJoins();
  process.stdout.write(`measuring the manager's writes to storage with ${SD_BOARDS} boards for ${SD_SECONDS} s (poll ${POLL_INTERVAL_MS} ms, history ${HISTORY_INTERVAL_MS} ms)...\n`);
  const sd = await measureSdWrites();
  const spread = (times: number[]) => `median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`;
  console.log('');
  console.log(`  start of a board to ACTIVE (join by itself):   ${spread(joins.toActiveMs)}   (target < 2 poll intervals = ${2 * POLL_INTERVAL_MS} ms)`);
  console.log(`    of which the board's own start to /health:  ${spread(joins.toHealthMs)}`);
  console.log(
    `  manager's writes, ${SD_BOARDS} boards (/proc/<pid>/io write_bytes): ${(sd.bytesPerHour / 1e6).toFixed(2)} MB/h over ${sd.seconds.toFixed(0)} s   ` +
      `(target < ${SD_TARGET_MB_PER_HOUR} MB/h)`,
  );
}
