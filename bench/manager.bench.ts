// npm run bench:manager: what polling many compute nodes costs the manager.
// Prints figures next to their targets; it never fails on a target.
//
// The compute nodes are fake: node:http servers in this bench process that
// answer /health, /usage and /instances with the real API's shapes, so that
// the figures are the manager's alone. The manager is the real bundle
// (dist/apps/manager/main.js) in its own process, measured through /proc.
//
// BENCH_CYCLES (default 10) sets the poll cycles of each CPU window.
//
// Then two figures of the action lanes: 50 creates pressed at once across 5
// nodes (time until all finished, how evenly placement spread them), and one
// node with 20 slow changes queued (how fresh its usage stays meanwhile).
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
const CREATE_NODES = 5;
const CREATES = 50;
/** How long a fake node takes over a create: a busybox create on a Pi. */
const CREATE_DELAY_MS = 1000;
const SLOW_ACTIONS = 20;
const SLOW_ACTION_MS = 3000;
const ACTION_CONCURRENCY = 4;
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



async function startManager(directory: string): Promise<ManagerProcess> {
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
