import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../manager/test/spawned-app.js';
import { INSTALLED_SERVICE, runJoinCommand, type CommandOutput, type InstalledService } from './join.command.js';

const REPOSITORY = join(__dirname, '..', '..', '..', '..');
const MANAGER = 'http://10.0.0.2:8080';
const TOKEN = `tsj_${'J'.repeat(43)}`;

function capture(): CommandOutput & { text: () => string } {
  const lines: string[] = [];
  return { out: (line) => lines.push(line), error: (line) => lines.push(line), text: () => lines.join('\n') };
}

describe('tinystack-compute join on a board with the package', () => {
  let scratch: string;
  let installed: InstalledService;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'tinystack-join-command-'));
    installed = { settingsFile: join(scratch, 'compute.env'), dataDir: join(scratch, 'var-lib-tinystack-compute') };
  });

  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('knows where the installed service keeps its settings and data, as its systemd unit says', () => {
    const unit = readFileSync(join(REPOSITORY, 'packaging', 'systemd', 'tinystack-compute.service'), 'utf8');
    expect(unit).toMatch(new RegExp(`^Environment=DATA_DIR=${INSTALLED_SERVICE.dataDir}$`, 'm'));
    expect(unit).toMatch(new RegExp(`^EnvironmentFile=-${INSTALLED_SERVICE.settingsFile}$`, 'm'));
  });

  it("takes the service's DATA_DIR and the variables of its settings file, without the service's environment (sudo)", async () => {
    const port = await freePort();
    writeFileSync(installed.settingsFile, `# Settings of the TinyStack compute node\n#COMPUTE_TOKEN=\nCOMPUTE_PORT=${port}\n`, { mode: 0o600 });
    const output = capture();

    expect(await runJoinCommand([MANAGER, TOKEN], {}, output, installed)).toBe(0);
    expect(output.text()).toContain(`Using the installed compute node's settings: ${installed.settingsFile}, DATA_DIR=${installed.dataDir}.`);
    expect(output.text()).toContain(`Saved: this board joins ${MANAGER} (${join(installed.dataDir, 'join.json')}, readable by its owner only).`);
    expect(output.text()).toContain(`No compute node answers at http://127.0.0.1:${port}`);
    expect(statSync(join(installed.dataDir, 'join.json')).mode & 0o777).toBe(0o600);
    expect(output.text()).not.toContain(TOKEN);
  });

  it('lets the settings file, then its own environment, say otherwise', async () => {
    const port = await freePort();
    const fileDataDir = join(scratch, 'from-the-file');
    const ownDataDir = join(scratch, 'from-the-environment');
    writeFileSync(installed.settingsFile, `DATA_DIR=${fileDataDir}\nCOMPUTE_PORT=${port}\n`);

    expect(await runJoinCommand([MANAGER, TOKEN], {}, capture(), installed)).toBe(0);
    expect(statSync(join(fileDataDir, 'join.json')).isFile()).toBe(true);
    expect(await runJoinCommand([MANAGER, TOKEN], { DATA_DIR: ownDataDir }, capture(), installed)).toBe(0);
    expect(statSync(join(ownDataDir, 'join.json')).isFile()).toBe(true);
  });

  it('uses its environment alone where no package is installed (a checkout)', async () => {
    const port = await freePort();
    const dataDir = join(scratch, 'data');
    const output = capture();
    expect(await runJoinCommand([MANAGER, TOKEN], { DATA_DIR: dataDir, COMPUTE_PORT: String(port) }, output, installed)).toBe(0);
    expect(output.text()).not.toContain('Using the installed');
    expect(statSync(join(dataDir, 'join.json')).isFile()).toBe(true);
  });
});
