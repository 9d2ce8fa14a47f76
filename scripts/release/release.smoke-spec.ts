// The artefacts of `npm run release` as a board gets them: each tarball unpacked
// into an empty folder, the checkout hidden, the compute node and the manager
// started from their launchers (the ARM ones under qemu-user, running the
// host's LXC tools), then what a teacher does first: health, usage, the LED
// frame, register the node, a busybox container's life, the CLI's node list.
// TINYSTACK_SMOKE_ARCH=x64,arm64 limits the kinds (all three by default).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { createTemporaryLxcPath, describeWithLxc, removeLxcPath } from '@tinystack/lxc-driver/test-support';
import { httpCall } from '../../apps/manager/test/http-call.js';
import { change, type ManagerApi } from '../../apps/manager/test/operations.js';
import { freePort, SpawnedApp } from '../../apps/manager/test/spawned-app.js';
import { waitFor } from '../../apps/manager/test/wait-for.js';
import { isReleaseArch, type ReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { headersAbi } from './addon-builds.js';
import { nodePackage } from './node-packages.js';
import { emulationProblem, unpackRelease, withCheckoutHidden, type UnpackedRelease } from './release-under-test.js';
import { RELEASE_TARGETS } from './release-targets.js';

const run = promisify(execFile);
const COMPUTE_TOKEN = 'smoke-compute-token-0123456789';
const MANAGER_TOKEN = 'smoke-manager-token-0123456789';
const EMULATED_START_MS = 180_000;

const chosen = (process.env['TINYSTACK_SMOKE_ARCH'] ?? Object.keys(RELEASE_TARGETS).join(',')).split(',').filter(Boolean);
const unknown = chosen.filter((arch) => !isReleaseArch(arch));
if (unknown.length > 0) throw new Error(`TINYSTACK_SMOKE_ARCH names ${unknown.join(', ')}: choose from ${Object.keys(RELEASE_TARGETS).join(', ')}`);

/** Runs a program of the release (through its launcher, under emulation) and answers its exit code and output. */
async function runRelease(release: UnpackedRelease, command: string[], env: Record<string, string> = {}) {
  const [program, ...args] = withCheckoutHidden(command);
  try {
    const { stdout, stderr } = await run(program, args, {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...release.env, ...env },
      timeout: EMULATED_START_MS,
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Opens the node's terminal on an instance, types a command and answers what the shell printed once it shows the result. */
function terminalRoundTrip(baseUrl: string, instance: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/instances/${instance}/console`, {
      headers: { authorization: `Bearer ${COMPUTE_TOKEN}` },
    });
    let output = '';
    let typed = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`The terminal did not echo within ${timeoutMs} ms; it showed: ${output}`));
    }, timeoutMs);
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      // busybox's line editor asks where the cursor is, as a real terminal would be asked.
      if (data.includes('\x1b[6n')) socket.send(Buffer.from('\x1b[1;1R'), { binary: true });
      output += data.toString('utf8');
      if (!typed && output.includes('# ')) {
        typed = true;
        socket.send(Buffer.from('echo pty-$((6*7))\n'), { binary: true });
      }
      if (output.includes('pty-42')) {
        clearTimeout(timer);
        socket.close();
        resolve(output);
      }
    });
    socket.on('unexpected-response', (_request, response) => reject(new Error(`The terminal was refused: ${response.statusCode}`)));
    socket.on('error', reject);
  });
}

for (const arch of chosen as ReleaseArch[]) {
  const target = RELEASE_TARGETS[arch];
  describeWithLxc(`the ${arch} release artefact, unpacked and run ${arch === 'x64' ? 'natively' : 'under qemu-user'}`, () => {
    const scratch = mkdtempSync(join(tmpdir(), `tinystack-smoke-${arch}-`));
    let release: UnpackedRelease;
    let lxcPath: string;
    let compute: SpawnedApp;
    let manager: SpawnedApp;

    beforeAll(async () => {
      const problem = emulationProblem(target);
      if (problem) throw new Error(problem);
      release = await unpackRelease(arch, join(scratch, 'unpacked'));
      lxcPath = await createTemporaryLxcPath();
      const computePort = await freePort();
      compute = new SpawnedApp(
        `${arch} compute node`,
        withCheckoutHidden([join(release.root, 'bin', 'tinystack-compute')]),
        {
          ...release.env,
          COMPUTE_HOST: '127.0.0.1',
          COMPUTE_PORT: String(computePort),
          COMPUTE_TOKEN,
          DATA_DIR: join(scratch, 'compute-data'),
          LXC_PATH: lxcPath,
          LXC_STOP_TIMEOUT_S: '5',
          // The real i2c-bus addon is loaded: this machine has no /dev/i2c-9, which the node must say.
          I2C_BUS: '9',
        },
        scratch,
        `http://127.0.0.1:${computePort}`,
        [],
        EMULATED_START_MS,
      );
      const managerPort = await freePort();
      manager = new SpawnedApp(
        `${arch} manager`,
        withCheckoutHidden([join(release.root, 'bin', 'tinystack-manager')]),
        {
          ...release.env,
          MANAGER_HOST: '127.0.0.1',
          MANAGER_PORT: String(managerPort),
          MQTT_PORT: '0',
          MANAGER_TOKEN,
          DATA_DIR: join(scratch, 'manager-data'),
          POLL_INTERVAL_MS: '1000',
          POLL_TIMEOUT_MS: '5000',
        },
        scratch,
        `http://127.0.0.1:${managerPort}`,
        [],
        EMULATED_START_MS,
      );
      await Promise.all([compute.start(), manager.start()]);
    });

    afterAll(async () => {
      await Promise.all([compute?.stop(), manager?.stop()]);
      if (lxcPath) await removeLxcPath(lxcPath);
      rmSync(scratch, { recursive: true, force: true });
    });

    it('holds exactly the files its SHA256SUMS lists, unchanged', async () => {
      const { stdout } = await run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: release.root, timeout: 120_000 });
      const checked = stdout.split('\n').filter((line) => line.endsWith(': OK')).length;
      const { stdout: files } = await run('find', ['.', '-type', 'f', '!', '-name', 'SHA256SUMS'], { cwd: release.root });
      expect(checked).toBe(files.split('\n').filter(Boolean).length);
      expect(JSON.parse(readFileSync(join(release.root, 'release.json'), 'utf8'))).toMatchObject({ arch, name: 'tinystack' });
    });

    it('serves /health, /usage and /led, with the real i2c-bus addon saying the bus is missing', async () => {
      const health = await httpCall(compute.baseUrl, 'GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', lxc: { available: true } });
      const usage = await httpCall(compute.baseUrl, 'GET', '/usage', { token: COMPUTE_TOKEN });
      expect(usage.status).toBe(200);
      expect(usage.body).toMatchObject({ totalInstances: 0, cpuPercent: expect.any(Number) });
      const led = await httpCall(compute.baseUrl, 'GET', '/led', { token: COMPUTE_TOKEN });
      expect(led.status).toBe(200);
      expect(led.body.rows).toHaveLength(8);
      await waitFor('the LED bus warning', 60_000, async () => (compute.log().includes('/dev/i2c-9 does not exist') ? true : undefined));
      expect(compute.log()).not.toContain('could not be loaded');
      const swagger = await httpCall(compute.baseUrl, 'GET', '/docs/swagger-ui-bundle.js');
      expect(swagger.status).toBe(200);
    });

    it('registers the node with the manager, which serves its console, and runs a busybox container through it', async () => {
      const consolePage = await httpCall(manager.baseUrl, 'GET', '/');
      expect(consolePage.status).toBe(200);
      expect(String(consolePage.body)).toContain('<ts-root>');
      const registered = await httpCall(manager.baseUrl, 'POST', '/api/nodes', {
        token: MANAGER_TOKEN,
        body: { url: compute.baseUrl, token: COMPUTE_TOKEN, name: `smoke-${arch}` },
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const nodeId = registered.body.id as string;
      await waitFor('the node to be ACTIVE', 60_000, async () => {
        const node = await httpCall(manager.baseUrl, 'GET', `/api/nodes/${nodeId}`, { token: MANAGER_TOKEN });
        return node.body.state === 'ACTIVE' ? true : undefined;
      });

      // Changes through the manager answer 202 with an operation, followed here to its end.
      const api: ManagerApi = (method, path, body) => httpCall(manager.baseUrl, method, path, { token: MANAGER_TOKEN, body });
      const instances = `/api/nodes/${nodeId}/instances`;
      const created = await change(api, 'POST', '/api/instances', { name: 'smoke1', nodeId });
      expect(created.status, JSON.stringify(created)).toBe('succeeded');
      const started = await change(api, 'POST', `${instances}/smoke1`, { action: 'start' });
      expect(started.status, JSON.stringify(started)).toBe('succeeded');
      expect(started.result.state).toBe('RUNNING');
      const stopped = await change(api, 'POST', `${instances}/smoke1`, { action: 'stop', force: true });
      expect(stopped.status, JSON.stringify(stopped)).toBe('succeeded');
      expect(stopped.result.state).toBe('STOPPED');
      const deleted = await change(api, 'DELETE', `${instances}/smoke1`);
      expect(deleted.status, JSON.stringify(deleted)).toBe('succeeded');
      const listed = await httpCall(compute.baseUrl, 'GET', '/instances', { token: COMPUTE_TOKEN });
      expect(listed.body).toEqual([]);
    });

    it("runs a command and a terminal session (the release's own node-pty) in a container", async () => {
      const created = await httpCall(compute.baseUrl, 'POST', '/instances', { token: COMPUTE_TOKEN, body: { name: 'pty1', start: true } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const ran = await httpCall(compute.baseUrl, 'POST', '/instances/pty1/exec', { token: COMPUTE_TOKEN, body: { command: ['echo', 'exec-ok'] } });
      expect(ran.body).toMatchObject({ exitCode: 0, stdout: 'exec-ok\n' });
      expect(await terminalRoundTrip(compute.baseUrl, 'pty1', EMULATED_START_MS)).toMatch(/pty-42/);
      expect(compute.log()).not.toContain('could not be loaded');
      const deleted = await httpCall(compute.baseUrl, 'DELETE', '/instances/pty1?force=true', { token: COMPUTE_TOKEN });
      expect(deleted.status).toBe(204);
    });

    it('lists the node with the tinystack command-line tool', async () => {
      const listed = await runRelease(release, [join(release.root, 'bin', 'tinystack'), 'nodes'], {
        TINYSTACK_URL: manager.baseUrl,
        TINYSTACK_TOKEN: MANAGER_TOKEN,
        HOME: scratch,
      });
      expect(listed.code, listed.output).toBe(0);
      expect(listed.output).toContain(`smoke-${arch}`);
    });

    it('refuses a Node.js it has no addons for, or one for another CPU, saying what to install', async () => {
      // This machine's own Node.js (x64, Node 20): no addons for it in any artefact of this release.
      const said = await runRelease(release, [join(release.root, 'bin', 'tinystack-manager')], { TINYSTACK_NODE: process.execPath });
      expect(said.code).toBe(1);
      if (arch === 'x64') {
        expect(said.output).toContain(`its native addons are built for Node.js ${target.addons.map((build) => build.line.major).join(' ')} only`);
      } else {
        const cpu = arch === 'arm64' ? 'ARM 64-bit (aarch64)' : 'ARM 32-bit (armv7)';
        expect(said.output).toContain(`(from TINYSTACK_NODE) is a Node.js for x86-64, and this package's addons are for ${cpu}`);
        expect(said.output).toContain('install the one for x64: tinystack_');
      }
      if (!target.bundledNode) {
        const eol = await runRelease(release, [join(release.root, 'bin', 'tinystack-manager')], { TINYSTACK_ALLOW_EOL_NODE: '' });
        expect(eol.code).toBe(1);
        expect(eol.output).toMatch(/reached its end of life on 2026-04-30 and gets no security fixes\. Install Node\.js 22 for armv7l from nodejs\.org/);
      }
    });

    it('says which CPU an addon is built for when this machine\'s Node.js loads it', async () => {
      // The manager bundle of the artefact, run by this machine's Node.js straight on the addons of the artefact.
      const addons = join(release.root, 'addons', `node${target.addons[0]!.line.major}`, 'node_modules');
      const [program, ...args] = withCheckoutHidden([process.execPath, join(release.root, 'dist', 'apps', 'manager', 'main.js')]);
      const outcome = await run(program, args, {
        env: { PATH: process.env['PATH'] ?? '', NODE_PATH: addons, MANAGER_PORT: String(await freePort()), MANAGER_HOST: '127.0.0.1', DATA_DIR: join(scratch, 'wrong-cpu') },
        timeout: 60_000,
      }).then(
        () => ({ output: 'exited 0' }),
        (error: { stdout?: string; stderr?: string }) => ({ output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
      );
      const file = join(addons, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      if (arch === 'x64') {
        expect(outcome.output).toContain(`${file} is built for Node.js 24 (NODE_MODULE_VERSION 137), and this is Node.js ${process.version}`);
      } else {
        const cpu = arch === 'arm64' ? 'ARM 64-bit (aarch64) (64-bit ELF, e_machine 183)' : 'ARM 32-bit (armv7) (32-bit ELF, e_machine 40)';
        expect(outcome.output).toContain(`${file} is built for ${cpu}, and this machine is x86-64 (process.arch x64)`);
        expect(outcome.output).toContain('Install the tinystack package for x64: tinystack_');
      }
    });

    it('carries addons compiled against the headers of each Node.js line it names', async () => {
      for (const build of target.addons) {
        const binary = join(release.root, 'addons', `node${build.line.major}`, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
        const { stdout } = await run('readelf', ['--dyn-syms', '-W', binary]);
        expect(stdout).toContain(`node_register_module_v${headersAbi(await nodePackage(build.headers))}`);
        const { stdout: header } = await run('readelf', ['-h', binary]);
        expect(header).toContain(arch === 'x64' ? 'X86-64' : arch === 'arm64' ? 'AArch64' : 'ARM');
      }
    });
  });
}
