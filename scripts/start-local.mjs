// npm start: the whole system on this machine with no configuration — the
// manager and one compute node on loopback, registered with each other. The
// apps generate and store their own tokens on first run; this script only reads
// them to register the node and to print the console's address.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI_BUNDLE, saveCliConfig } from './cli-config.mjs';
import { COMPUTE_NODE_FLAGS, MANAGER_NODE_FLAGS } from './node-flags.mjs';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
const managerPort = Number(process.env.MANAGER_PORT ?? 8080);
const computePort = Number(process.env.COMPUTE_PORT ?? 7001);
const computeUrl = `http://127.0.0.1:${computePort}`;
const managerUrl = `http://127.0.0.1:${managerPort}`;
const children = [];

/**
 * Containers need root and a prepared host (LXC, the bridge with DHCP). As root,
 * the host is prepared here with the same script CI uses (quick when it is ready
 * already; after a reboot it brings the bridge's DHCP back). As anyone else, the
 * system runs without containers and says the one command that gives them.
 */
function prepareHost() {
  if (process.getuid?.() !== 0) {
    console.log('Containers need root: run "sudo npm start" (it prepares this machine for LXC the first time).\n' +
      'Starting without them: the console, the API and the LED display work; creating an instance will say what is missing.');
    return;
  }
  const setup = spawnSync(join(root, 'scripts', 'setup-host.sh'), [], { cwd: root, stdio: 'inherit', timeout: 15 * 60_000 });
  if (setup.status !== 0) {
    console.error('Preparing this machine for containers failed (see above); starting without them.');
  }
}
prepareHost();

// The console (dist/frontend/browser) is built too, so the printed address opens it.
const builtApps = ['dist/apps/compute/main.js', 'dist/apps/manager/main.js', CLI_BUNDLE, 'dist/frontend/browser/index.html'];
if (builtApps.some((file) => !existsSync(join(root, file)))) {
  console.log('First start: building TinyStack (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function launch(name, flags, script, env) {
  const child = spawn(process.execPath, [...flags, join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk) =>
    String(chunk)
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stdout.on('data', (chunk) => process.stdout.write(prefix(chunk)));
  child.stderr.on('data', (chunk) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping TinyStack.`);
    stop(1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(exitCode), 3000).unref();
  Promise.all(children.map((child) => new Promise((done) => (child.exitCode !== null ? done() : child.on('exit', done))))).then(
    () => process.exit(exitCode),
  );
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());

async function waitUntilHealthy(url, name) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${name} did not become healthy within 60 s`);
}

/** The token the app uses: the configured one, else the one it stored. */
function tokenOf(variable, file) {
  return process.env[variable] || readFileSync(file, 'utf8').trim();
}

async function registerLocalNode(managerToken, computeToken) {
  const headers = { authorization: `Bearer ${managerToken}`, 'content-type': 'application/json' };
  const nodes = await (await fetch(`${managerUrl}/api/nodes`, { headers, signal: AbortSignal.timeout(10_000) })).json();
  if (nodes.some((node) => node.url === computeUrl)) return 'already registered';
  const response = await fetch(`${managerUrl}/api/nodes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: computeUrl, token: computeToken, name: hostname().split('.')[0] }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`registering the local node failed: ${(await response.json()).message}`);
  return 'registered';
}

async function main() {
  const computeData = join(dataDir, 'compute');
  const managerData = join(dataDir, 'manager');
  launch('compute', COMPUTE_NODE_FLAGS, 'dist/apps/compute/main.js', {
    COMPUTE_HOST: '127.0.0.1',
    COMPUTE_PORT: String(computePort),
    DATA_DIR: computeData,
    // The local node's containers live beside its data, apart from any others on this machine.
    LXC_PATH: process.env.LXC_PATH || join(computeData, 'lxc'),
  });
  launch('manager', MANAGER_NODE_FLAGS, 'dist/apps/manager/main.js', {
    MANAGER_PORT: String(managerPort),
    DATA_DIR: managerData,
  });
  await Promise.all([waitUntilHealthy(computeUrl, 'The compute node'), waitUntilHealthy(managerUrl, 'The manager')]);

  const managerToken = tokenOf('MANAGER_TOKEN', join(managerData, 'manager-token'));
  const computeToken = tokenOf('COMPUTE_TOKEN', join(computeData, 'compute-token'));
  const registration = await registerLocalNode(managerToken, computeToken);
  console.log(
    `\nTinyStack is running. Console: http://localhost:${managerPort}/?token=${encodeURIComponent(managerToken)}\n` +
      `  API docs: http://localhost:${managerPort}/api/docs · local compute node ${computeUrl} (${registration})\n` +
      `  Tokens are stored in ${join(managerData, 'manager-token')} and ${join(computeData, 'compute-token')}. Ctrl+C stops it.\n` +
      `  CLI: npm run cli -- help · ${saveCliConfig(root, managerUrl, managerToken)}\n`,
  );
}

main().catch((error) => {
  console.error(`TinyStack could not start: ${error.message}`);
  stop(1);
});
