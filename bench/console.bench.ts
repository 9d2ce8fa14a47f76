// npm run bench:console: what the admin console costs a browser. Prints
// figures; it never fails on a target.
//
// 1. The initial transfer: index.html plus every file it loads before the
//    app starts (the entry script, its module preloads, the stylesheet), as
//    the manager sends them: body bytes on the wire asking for identity, br
//    and gzip (the precompressed copies npm run build:console writes).
// 2. The time from navigation to a filled nodes table (one row per node, each
//    with a CPU figure) in headless Chromium, against the real manager
//    (dist/apps/manager/main.js, serving dist/frontend/browser) with 10 FAKE
//    compute nodes: node:http servers in this process answering like the
//    compute API (bench/manager-fake-node.ts).
// 3. Cumulative Layout Shift while the nodes page loads and its first live
//    updates arrive, on a phone-sized viewport (390 x 844), from Chromium's
//    'layout-shift' entries (the largest session window, as web-vitals counts
//    it), with the elements that moved the most.
//
// BENCH_LOADS (default 5) sets the page loads of each kind.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cumulativeLayoutShift, describeLayoutShifts, PHONE_CONTEXT, WATCH_LAYOUT_SHIFTS, type LayoutShift } from './layout-shift.js';
import { FakeComputeNode } from './manager-fake-node.js';
import { ManagerProcess } from './manager-process.js';

const CONSOLE_DIRECTORY = join(__dirname, '..', 'frontend', 'browser');
const NODE_COUNT = 10;
const LOADS = Number(process.env['BENCH_LOADS'] ?? 5);
const POLL_INTERVAL_MS = 2000;
const MANAGER_TOKEN = 'bench-manager-token-0123456789';
const NODE_TOKEN = 'bench-node-token-0123456789';
// Debian's Chromium; the flags keep it from calling Google's hosts on this closed network.
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CODINGS = ['identity', 'br', 'gzip'] as const;
type Coding = (typeof CODINGS)[number];

interface InitialFile {
  file: string;
  /** Body bytes the manager sent when asked for each coding, and the coding it answered with. */
  sent: Record<Coding, { bytes: number; coding: string }>;
}

/** index.html and what it loads before the app runs: <script src>, <link rel=modulepreload|stylesheet>. */
function initialFileNames(): string[] {
  const html = readFileSync(join(CONSOLE_DIRECTORY, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  return ['index.html', ...new Set(referenced)];
}

/** The body bytes of one answer as they travel (not decoded), and its Content-Encoding. */
function sentBytes(url: string, acceptEncoding: Coding): Promise<{ bytes: number; coding: string }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { 'accept-encoding': acceptEncoding }, timeout: 10_000 }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve({ bytes, coding: response.headers['content-encoding'] ?? 'identity' })
          : reject(new Error(`GET ${url}: ${response.statusCode}`)),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

async function initialTransfer(baseUrl: string): Promise<InitialFile[]> {
  const files: InitialFile[] = [];
  for (const file of initialFileNames()) {
    const url = `${baseUrl}/${file === 'index.html' ? '' : file}`;
    const sent = {} as InitialFile['sent'];
    for (const coding of CODINGS) sent[coding] = await sentBytes(url, coding);
    files.push({ file, sent });
  }
  return files;
}

function printInitialTransfer(files: InitialFile[]): void {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const cell = (file: InitialFile, coding: Coding) => {
    const { bytes, coding: served } = file.sent[coding];
    return `${kb(bytes)}${served === coding ? ' ' : '*'}`.padStart(11);
  };
  console.log('Initial transfer (index.html and the files it loads before the app starts), body bytes as the manager sends them:');
  console.log(`  ${'file'.padEnd(28)} ${'raw'.padStart(11)} ${'br'.padStart(11)} ${'gzip'.padStart(11)}`);
  for (const file of files) {
    console.log(`  ${file.file.padEnd(28)} ${CODINGS.map((coding) => cell(file, coding)).join(' ')}`);
  }
  const total = (coding: Coding) => kb(files.reduce((sum, file) => sum + file.sent[coding].bytes, 0)).padStart(10);
  console.log(`  ${'total'.padEnd(28)} ${CODINGS.map((coding) => `${total(coding)} `).join(' ')}`);
  console.log('  (* the build left no copy in that coding, so the file went as it is; headers not counted)');
}

/** The Content-Encoding Chromium receives for the page itself. */
async function navigationCoding(browser: Browser, url: string): Promise<string> {
  const page = await browser.newPage();
  try {
    return (await (await page.goto(url))?.headerValue('content-encoding')) ?? 'identity';
  } finally {
    await page.close();
  }
}

/**
 * Runs in the page (as text: this file is type-checked without the DOM's
 * types): records the moment the nodes table first holds every node with a
 * CPU figure, on the page's own clock (milliseconds since navigation start).
 */
const WATCH_FOR_FILLED_TABLE = `
  (() => {
    const filled = () => {
      const rows = document.querySelectorAll('tr[data-testid="node-row"]');
      if (rows.length !== ${NODE_COUNT}) return false;
      return [...rows].every((row) => /%$/.test((row.querySelector('[data-testid="node-cpu"]')?.textContent ?? '').trim()));
    };
    const observer = new MutationObserver(() => {
      if (filled()) {
        window.tableFilledAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  })();
`;

/** The layout shifts of one load of the nodes page on a phone, until the table is filled and two polls later. */
async function layoutShiftsOnPhone(browser: Browser, url: string): Promise<LayoutShift[]> {
  const context = await browser.newContext(PHONE_CONTEXT);
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: WATCH_FOR_FILLED_TABLE + WATCH_LAYOUT_SHIFTS });
    await page.goto(url);
    // A function, not a string: the console's Content-Security-Policy forbids eval.
    await page.waitForFunction(() => (globalThis as { tableFilledAt?: number }).tableFilledAt !== undefined, null, { timeout: 30_000 });
    await page.waitForTimeout(2 * POLL_INTERVAL_MS);
    return await page.evaluate(() => (globalThis as unknown as { layoutShifts: LayoutShift[] }).layoutShifts);
  } finally {
    await context.close();
  }
}

/** Milliseconds from navigation start to a filled table, as the page's own clock measures them. */
async function loadOnce(browser: Browser, url: string, reuse?: { context: Awaited<ReturnType<Browser['newContext']>> }): Promise<number> {
  const context = reuse?.context ?? (await browser.newContext());
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: WATCH_FOR_FILLED_TABLE });
    await page.goto(url);
    // A function, not a string: the console's policy forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (globalThis as { tableFilledAt?: number }).tableFilledAt !== undefined, null, { timeout: 30_000 });
    return Number(await page.evaluate('window.tableFilledAt'));
  } finally {
    await page.close();
    if (!reuse) await context.close();
  }
}

function describe(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted[sorted.length - 1]!.toFixed(0)}, ${times.length} loads)`;
}

async function main(): Promise<void> {
  console.log('TinyStack console bench');
  console.log(
    `Compute nodes are FAKE: ${NODE_COUNT} node:http servers in the bench process answering /health, /usage and /instances\n` +
      'like the real API; the manager is the real dist/apps/manager/main.js serving the built console.\n',
  );

  const directory = mkdtempSync(join(tmpdir(), 'tinystack-console-bench-'));
  const nodes = Array.from({ length: NODE_COUNT }, (_, index) => new FakeComputeNode(`fake-${index + 1}`, NODE_TOKEN));
  const manager = await ManagerProcess.onLoopback(directory, { MANAGER_TOKEN, POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) });
  let browser: Browser | undefined;
  try {
    await manager.start();
    printInitialTransfer(await initialTransfer(manager.baseUrl));
    for (const node of nodes) await manager.call('POST', '/api/nodes', { url: await node.listen(), token: NODE_TOKEN });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS });
    const url = `${manager.baseUrl}/nodes?token=${encodeURIComponent(MANAGER_TOKEN)}`;
    console.log(`  Chromium got index.html from ${manager.baseUrl} as: ${await navigationCoding(browser, url)}`);
    console.log('  (Chromium offers br to secure origins only, localhost included: from a board on the LAN over plain HTTP it gets gzip)\n');

    await loadOnce(browser, url); // warms the manager and Chromium itself, not measured
    const cold: number[] = [];
    for (let load = 0; load < LOADS; load++) cold.push(await loadOnce(browser, url));
    const context = await browser.newContext();
    await loadOnce(browser, url, { context });
    const warm: number[] = [];
    for (let load = 0; load < LOADS; load++) warm.push(await loadOnce(browser, url, { context }));
    await context.close();

    console.log(`Navigation to a filled nodes table (${NODE_COUNT} rows with figures), headless Chromium on loopback:`);
    console.log(`  empty cache (new browser context each load): ${describe(cold)}`);
    console.log(`  warm cache (hashed bundles kept):            ${describe(warm)}`);

    const loadsShifts: LayoutShift[][] = [];
    for (let load = 0; load < LOADS; load++) loadsShifts.push(await layoutShiftsOnPhone(browser, url));
    const scores = loadsShifts.map(cumulativeLayoutShift);
    console.log(`Cumulative Layout Shift of the nodes page on a phone (390 x 844), load to two polls after a filled table:`);
    console.log(`  ${scores.map((score) => score.toFixed(3)).join(', ')} (${LOADS} loads; good is below 0.1)`);
    const worst = loadsShifts[scores.indexOf(Math.max(...scores))]!;
    for (const line of describeLayoutShifts(worst).slice(0, 3)) console.log(`  worst load, shift of ${line}`);
    console.log('Figures only, not pass/fail. The issue\'s budget is the initial transfer size: at most 250 kB.');
  } finally {
    await browser?.close();
    await manager.stop();
    await Promise.all(nodes.map((node) => node.close()));
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
