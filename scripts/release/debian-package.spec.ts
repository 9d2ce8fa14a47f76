// The .deb as dpkg sees it, built from a tree staged like the release's (this
// machine's CPU, its Node.js and the addons npm built for it).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { computeNodeFlags, MANAGER_NODE_FLAGS } from '../node-flags.mjs';
import { HOST_PROGRAMS } from '../../libs/lxc-driver/src/host-programs.js';
import { isReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { NATIVE_PACKAGES } from './addon-builds.js';
import { buildDebianPackage, libraryDepends, parseReadelf } from './debian-package.js';
import { REPOSITORY } from './release-paths.js';
import { NODE_LINES, RELEASE_TARGETS } from './release-targets.js';
import { stageRuntimeTree } from './runtime-tree.js';

const run = promisify(execFile);
const VERSION = '0.0.0-test';

describe('the Debian package of a release tree', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tinystack-deb-test-'));
  let deb: { file: string; depends: string[] };

  beforeAll(async () => {
    if (!isReleaseArch(process.arch)) throw new Error(`no release is made for ${process.arch}`);
    const target = RELEASE_TARGETS[process.arch];
    const tree = join(scratch, 'tree');
    await stageRuntimeTree({
      root: tree,
      version: VERSION,
      arch: process.arch,
      bundledNode: null,
      addons: [
        {
          line: NODE_LINES[20],
          files: Object.fromEntries(NATIVE_PACKAGES.map((addon) => [addon.binary, join(REPOSITORY, 'node_modules', addon.name, 'build', 'Release', addon.binary)])),
        },
      ],
      nodeAdvice: target.nodeAdvice,
      computeFlags: computeNodeFlags,
      managerFlags: MANAGER_NODE_FLAGS,
      commit: 'test',
    });
    deb = await buildDebianPackage({ tree, version: VERSION, target, outputDirectory: join(scratch, 'out') });
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('depends on the package of every program TinyStack runs, and on the libraries its ELF files need', async () => {
    const { stdout } = await run('dpkg-deb', ['--field', deb.file, 'Package', 'Version', 'Architecture', 'Depends']);
    expect(stdout).toContain('Package: tinystack\n');
    expect(stdout).toContain(`Version: ${VERSION}\n`);
    expect(stdout).toContain('Architecture: amd64\n');
    const depends = /^Depends: (.*)$/m.exec(stdout)![1]!.split(', ');
    for (const program of Object.values(HOST_PROGRAMS)) expect(depends).toContain(program.package);
    expect(depends).toContainEqual(expect.stringMatching(/^libc6 \(>= 2\.\d+\)$/));
    expect(depends).toContainEqual(expect.stringMatching(/^libstdc\+\+6 \(>= \d+\)$/));
  });

  it('installs the tree in /opt/tinystack, the services, the settings (0600, conffiles), the i2c-dev modules-load file and the CLI on PATH', async () => {
    const { stdout } = await run('dpkg-deb', ['--contents', deb.file]);
    const entry = (path: string) => stdout.split('\n').find((line) => line.endsWith(` .${path}`) || line.includes(` .${path} -> `));
    expect(entry('/opt/tinystack/bin/tinystack-compute')).toMatch(/^-rwxr-xr-x root\/root /);
    expect(entry('/opt/tinystack/dist/apps/manager/main.js')).toMatch(/^-rw-r--r-- root\/root /);
    expect(entry('/usr/lib/systemd/system/tinystack-compute.service')).toBeDefined();
    expect(entry('/usr/lib/systemd/system/tinystack-manager.service')).toBeDefined();
    expect(entry('/usr/lib/modules-load.d/tinystack.conf')).toBeDefined();
    expect(entry('/etc/tinystack/compute.env')).toMatch(/^-rw------- root\/root /);
    expect(entry('/etc/tinystack/manager.env')).toMatch(/^-rw------- root\/root /);
    expect(entry('/usr/bin/tinystack')).toMatch(/ -> \/opt\/tinystack\/bin\/tinystack$/);
    expect(stdout).not.toMatch(/\.map$/m);

    const control = join(scratch, 'control');
    await run('dpkg-deb', ['--control', deb.file, control]);
    expect(readFileSync(join(control, 'conffiles'), 'utf8')).toBe('/etc/tinystack/compute.env\n/etc/tinystack/manager.env\n');
    const postinst = readFileSync(join(control, 'postinst'), 'utf8');
    expect(postinst).not.toMatch(/@[A-Z_]+@/);
    expect(postinst).toContain(`TinyStack ${VERSION} is installed in /opt/tinystack. It runs on Node.js 20, which this package does not include.`);
    expect(postinst).toContain('Nothing runs yet:');
    expect(postinst).toContain('sudo systemctl enable --now lxc-net tinystack-compute');
    await run('sh', ['-n', join(control, 'postinst')]);
    await run('sh', ['-n', join(control, 'prerm')]);
    await run('sh', ['-n', join(control, 'postrm')]);
    expect(readFileSync(join(REPOSITORY, 'packaging/modules-load.d/tinystack.conf'), 'utf8')).toMatch(/^i2c-dev$/m);
  });

  it('has service units systemd accepts as they are installed, the compute node as root (LXC) and the manager as tinystack', async () => {
    const root = join(scratch, 'root');
    await run('dpkg-deb', ['-x', deb.file, root]);
    // The units they refer to (multi-user.target, lxc-net.service...) come from this machine.
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true, force: false, errorOnExist: false });
    const { stdout, stderr } = await run('systemd-analyze', ['verify', `--root=${root}`, '--man=no', 'tinystack-compute.service', 'tinystack-manager.service']);
    expect(`${stdout}${stderr}`).toBe('');
    const compute = readFileSync(join(root, 'usr/lib/systemd/system/tinystack-compute.service'), 'utf8');
    expect(compute).toMatch(/^User=root$/m);
    expect(compute).toMatch(/^ExecStart=\/opt\/tinystack\/bin\/tinystack-compute$/m);
    expect(compute).toMatch(/^EnvironmentFile=-\/etc\/tinystack\/compute\.env$/m);
    expect(compute).toMatch(/^Environment=DATA_DIR=\/var\/lib\/tinystack\/compute$/m);
    const manager = readFileSync(join(root, 'usr/lib/systemd/system/tinystack-manager.service'), 'utf8');
    expect(manager).toMatch(/^User=tinystack$/m);
    expect(manager).toMatch(/^Environment=DATA_DIR=\/var\/lib\/tinystack\/manager$/m);
  });
});

describe('the libraries an ELF file needs, as Depends', () => {
  it('reads them from readelf and asks for the newest symbol version of each', async () => {
    const addon = join(REPOSITORY, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const parsed = parseReadelf((await run('readelf', ['-d', '-V', '-W', addon])).stdout);
    expect(parsed.needed).toContain('libc.so.6');
    expect(parsed.versions.get('libc.so.6')).toContainEqual(expect.stringMatching(/^GLIBC_2\.\d+/));
    const depends = libraryDepends([parsed, { needed: ['libc.so.6'], versions: new Map([['libc.so.6', ['GLIBC_2.99']]]) }]);
    expect(depends[0]).toBe('libc6 (>= 2.99)');
  });

  it('refuses a library no Debian package is known for', () => {
    expect(() => libraryDepends([{ needed: ['libfoo.so.1'], versions: new Map() }])).toThrow(/libfoo\.so\.1, which no Debian package is known for/);
  });
});
