// dist/ runs from anywhere: the tree a board gets (the release's own staging,
// here with this machine's Node.js and the addons npm built for it) is copied
// to an empty folder outside the checkout and started from its launchers in a
// mount namespace where a tmpfs covers the checkout, so that nothing of the
// build tree can be found.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeWithLxc } from '@tinystack/lxc-driver/test-support';
import { computeNodeFlags, MANAGER_NODE_FLAGS } from '../node-flags.mjs';
import { httpCall } from '../../apps/manager/test/http-call.js';
import { freePort, SpawnedApp } from '../../apps/manager/test/spawned-app.js';
import { waitFor } from '../../apps/manager/test/wait-for.js';
import { isReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { NATIVE_PACKAGES } from './addon-builds.js';
import { withCheckoutHidden } from './release-under-test.js';
import { REPOSITORY } from './release-paths.js';
import { NODE_LINES, RELEASE_TARGETS } from './release-targets.js';
import { stageRuntimeTree } from './runtime-tree.js';

const COMPUTE_TOKEN = 'relocated-compute-token-0123456789';
const MANAGER_TOKEN = 'relocated-manager-token-0123456789';
const hostMajor = Number(process.versions.node.split('.')[0]);

describe('the app bundles', () => {
  it('name no path of the machine they were built on', () => {
    for (const app of ['compute', 'manager']) {
      const folder = join(REPOSITORY, 'dist', 'apps', app);
      for (const file of readdirSync(folder).filter((name) => name.endsWith('.js'))) {
        expect(readFileSync(join(folder, file), 'utf8').includes(REPOSITORY), `${app}/${file} names ${REPOSITORY}`).toBe(false);
      }
    }
  });
});

describeWithLxc('the release tree, copied away from the checkout and run with the checkout hidden', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tinystack-relocated-'));
  const root = join(scratch, 'opt', 'tinystack');
  let compute: SpawnedApp;
  let manager: SpawnedApp;

  beforeAll(async () => {
    if (!isReleaseArch(process.arch)) throw new Error(`no release is made for ${process.arch}`);
    const line = Object.values(NODE_LINES).find((known) => known.major === hostMajor);
    if (!line) throw new Error(`Node.js ${hostMajor} is none of the release's lines`);
    await stageRuntimeTree({
      root,
      version: '0.0.0-relocation-test',
      arch: process.arch,
      bundledNode: null,
      addons: [
        {
          line,
          files: Object.fromEntries(
            NATIVE_PACKAGES.map((addon) => [addon.binary, join(REPOSITORY, 'node_modules', addon.name, 'build', 'Release', addon.binary)]),
          ),
        },
      ],
      nodeAdvice: RELEASE_TARGETS[process.arch].nodeAdvice,
      computeFlags: computeNodeFlags,
      managerFlags: MANAGER_NODE_FLAGS,
      commit: 'relocation-test',
    });
    // This machine's Node.js, wherever it is installed: the launchers take it from TINYSTACK_NODE.
    const launch = { TINYSTACK_NODE: process.execPath, TINYSTACK_ALLOW_EOL_NODE: '1' };
    mkdirSync(join(scratch, 'lxc'));
    const computePort = await freePort();
    compute = new SpawnedApp(
      'relocated compute node',
      withCheckoutHidden([join(root, 'bin', 'tinystack-compute')]),
      { ...launch, COMPUTE_HOST: '127.0.0.1', COMPUTE_PORT: String(computePort), COMPUTE_TOKEN, DATA_DIR: join(scratch, 'compute'), LXC_PATH: join(scratch, 'lxc'), I2C_BUS: '9' },
      scratch,
      `http://127.0.0.1:${computePort}`,
    );
    const managerPort = await freePort();
    manager = new SpawnedApp(
      'relocated manager',
      withCheckoutHidden([join(root, 'bin', 'tinystack-manager')]),
      { ...launch, MANAGER_HOST: '127.0.0.1', MANAGER_PORT: String(managerPort), MQTT_PORT: '0', MANAGER_TOKEN, DATA_DIR: join(scratch, 'manager'), POLL_INTERVAL_MS: '500' },
      scratch,
      `http://127.0.0.1:${managerPort}`,
    );
    await Promise.all([compute.start(), manager.start()]);
  });

  afterAll(async () => {
    await Promise.all([compute?.stop(), manager?.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('hides the checkout from what it starts', async () => {
    const [program, ...args] = withCheckoutHidden(['ls', '-A', REPOSITORY]);
    const { stdout } = await promisify(execFile)(program, args, { timeout: 10_000 });
    expect(stdout).toBe('');
    expect(readdirSync(REPOSITORY)).toContain('package.json');
  });

  it('starts the compute node, which answers /health, /usage, /led and its API docs', async () => {
    expect((await httpCall(compute.baseUrl, 'GET', '/health')).status).toBe(200);
    const usage = await httpCall(compute.baseUrl, 'GET', '/usage', { token: COMPUTE_TOKEN });
    expect(usage.status).toBe(200);
    expect(usage.body.hostname).toEqual(expect.any(String));
    expect((await httpCall(compute.baseUrl, 'GET', '/led', { token: COMPUTE_TOKEN })).body.rows).toHaveLength(8);
    const docs = await httpCall(compute.baseUrl, 'GET', '/docs');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger-ui-bundle.js');
    expect((await httpCall(compute.baseUrl, 'GET', '/docs/swagger-ui-bundle.js')).status).toBe(200);
    expect((await httpCall(compute.baseUrl, 'GET', '/docs-json')).body.info.title).toEqual(expect.any(String));
    // The real i2c-bus addon of the tree loaded, found no /dev/i2c-9 and said so.
    await waitFor('the LED bus warning', 10_000, async () => (compute.log().includes('/dev/i2c-9 does not exist') ? true : undefined));
  });

  it('starts the manager, which serves the console and its docs and registers the node (SQLite through the tree\'s addon)', async () => {
    const page = await httpCall(manager.baseUrl, 'GET', '/');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<ts-root>');
    expect((await httpCall(manager.baseUrl, 'GET', '/api/docs/swagger-ui.css')).status).toBe(200);
    const registered = await httpCall(manager.baseUrl, 'POST', '/api/nodes', {
      token: MANAGER_TOKEN,
      body: { url: compute.baseUrl, token: COMPUTE_TOKEN, name: 'relocated' },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await waitFor('the node to be ACTIVE', 15_000, async () => {
      const nodes = await httpCall(manager.baseUrl, 'GET', '/api/nodes', { token: MANAGER_TOKEN });
      return nodes.body[0]?.state === 'ACTIVE' ? true : undefined;
    });
  });

  it('says, once, that the Node.js it runs on is past its end of life (allowed here for the test)', () => {
    const line = Object.values(NODE_LINES).find((known) => known.major === hostMajor)!;
    const warning = `Node.js ${hostMajor} (${process.execPath}, from TINYSTACK_NODE) reached its end of life on ${line.endOfLife}`;
    if (new Date().toISOString().slice(0, 10) > line.endOfLife) expect(compute.log()).toContain(warning);
    else expect(compute.log()).not.toContain(warning);
  });
});
