// npm run bench:manager: what polling many compute nodes costs the manager.
// Prints figures next to their targets; it never fails on a target.
//
// The compute nodes are fake: node:http servers in this bench process that
// answer /health, /usage and /instances with the real API's shapes, so that
// the figures are the manager's alone. The manager is the real bundle
// (dist/apps/manager/main.js) in its own process, measured through /proc.
//
// BENCH_CYCLES (default 10) sets the poll cycles of each CPU window.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeComputeNode } from './manager-fake-node.js';
import { freePort, ManagerProcess } from './manager-process.js';
import { sleep } from './spawned-node.js';

const POLL_INTERVAL_MS = 2000;
const POLL_TIMEOUT_MS = 1500;
const CYCLES = Number(process.env['BENCH_CYCLES'] ?? 10);
const WARM_UP_CYCLES = 3;
const FRESHNESS_READS = 15;
const NODE_COUNTS = [1, 10, 50];
const MANAGER_TOKEN = 'bench-manager-token-0123456789';
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
