// The .deb of a release tree: the tree in /opt/tinystack, the services, the
// settings in /etc/tinystack, the i2c-dev modules-load file, and Depends
// derived from what the code runs (HOST_PROGRAMS) and what its ELF files link.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { HOST_PROGRAMS } from '../../libs/lxc-driver/src/host-programs.js';
import { RELEASE_ARCHES, debianPackageName } from '../../libs/native-addons/src/release-arch.js';
import { REPOSITORY } from './release-paths.js';
import type { ReleaseTarget } from './release-targets.js';
import { run } from './run-program.js';

const INSTALL_DIRECTORY = '/opt/tinystack';
const CONFIG_FILES = ['/etc/tinystack/compute.env', '/etc/tinystack/manager.env'];

/** The Debian packages of the shared libraries the release's ELF files may need. */
const LIBRARY_PACKAGES: Array<{ file: RegExp; package: string }> = [
  { file: /^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|ld-linux[\w.-]*\.so\.\d)$/, package: 'libc6' },
  { file: /^libstdc\+\+\.so\.6$/, package: 'libstdc++6' },
  { file: /^libgcc_s\.so\.1$/, package: 'libgcc-s1' },
];
/** The GCC release that introduced a GLIBCXX_3.4.N symbol version (libstdc++'s ABI history). */
const GCC_OF_GLIBCXX: Record<number, string> = { 25: '8', 26: '9', 28: '10', 29: '11', 30: '12', 31: '13', 32: '13', 33: '14' };

function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** What readelf says one ELF file needs: shared libraries, and the symbol versions it takes from each. */
export function parseReadelf(output: string): { needed: string[]; versions: Map<string, string[]> } {
  const needed = [...output.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1]!);
  const versions = new Map<string, string[]>();
  const needs = output.indexOf('Version needs section');
  let library: string | null = null;
  for (const line of needs < 0 ? [] : output.slice(needs).split('\n')) {
    const file = /File: (\S+)/.exec(line);
    if (file) library = file[1]!;
    const name = /Name: (\S+)/.exec(line);
    if (name && library) versions.set(library, [...(versions.get(library) ?? []), name[1]!]);
  }
  return { needed, versions };
}

/** `libc6 (>= 2.34)` and the like for a set of ELF files, from their NEEDED entries and symbol versions. */
export function libraryDepends(files: Array<ReturnType<typeof parseReadelf>>): string[] {
  const minimum = new Map<string, string>();
  const raise = (pkg: string, version: string) => {
    const known = minimum.get(pkg);
    if (!known || compareVersions(version, known) > 0) minimum.set(pkg, version);
  };
  for (const { needed, versions } of files) {
    for (const library of needed) {
      const owner = LIBRARY_PACKAGES.find((entry) => entry.file.test(library));
      if (!owner) throw new Error(`A release file needs ${library}, which no Debian package is known for here: add it to LIBRARY_PACKAGES`);
      if (!minimum.has(owner.package)) minimum.set(owner.package, '');
    }
    for (const names of versions.values()) {
      for (const name of names) {
        const glibc = /^GLIBC_([\d.]+)$/.exec(name);
        if (glibc) raise('libc6', glibc[1]!);
        const glibcxx = /^GLIBCXX_3\.4\.(\d+)$/.exec(name);
        if (glibcxx) {
          const gcc = GCC_OF_GLIBCXX[Number(glibcxx[1])];
          if (Number(glibcxx[1]) > 33) throw new Error(`${name} is newer than this table knows: add it to GCC_OF_GLIBCXX`);
          if (gcc) raise('libstdc++6', gcc);
        }
        const gcc = /^GCC_([\d.]+)$/.exec(name);
        if (gcc) raise('libgcc-s1', gcc[1]!.split('.').slice(0, 2).join('.'));
      }
    }
  }
  const order = LIBRARY_PACKAGES.map((entry) => entry.package);
  return [...minimum]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([pkg, version]) => (version ? `${pkg} (>= ${version})` : pkg));
}

/** The packages providing the programs TinyStack runs on a board, in the order HOST_PROGRAMS lists them. */
export function hostProgramDepends(): string[] {
  return [...new Set(Object.values(HOST_PROGRAMS).map((program) => program.package))];
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

async function elfDepends(tree: string): Promise<string[]> {
  const elfFiles = filesUnder(tree).filter((file) => {
    const head = readFileSync(file).subarray(0, 4);
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });
  const parsed = [];
  for (const file of elfFiles) parsed.push(parseReadelf((await run('readelf', ['-d', '-V', '-W', file], { timeoutMs: 60_000 })).stdout));
  return libraryDepends(parsed);
}

export interface DebianPackageOptions {
  tree: string;
  version: string;
  target: ReleaseTarget;
  outputDirectory: string;
}

export async function buildDebianPackage(options: DebianPackageOptions): Promise<{ file: string; depends: string[] }> {
  const { tree, version, target } = options;
  const staging = mkdtempSync(join(tmpdir(), 'tinystack-deb-'));
  try {
    const opt = join(staging, INSTALL_DIRECTORY);
    cpSync(tree, opt, { recursive: true });
    const packaging = join(REPOSITORY, 'packaging');
    mkdirSync(join(staging, 'usr/lib/systemd/system'), { recursive: true });
    for (const unit of readdirSync(join(packaging, 'systemd'))) copyFileSync(join(packaging, 'systemd', unit), join(staging, 'usr/lib/systemd/system', unit));
    mkdirSync(join(staging, 'usr/lib/modules-load.d'), { recursive: true });
    copyFileSync(join(packaging, 'modules-load.d', 'tinystack.conf'), join(staging, 'usr/lib/modules-load.d/tinystack.conf'));
    mkdirSync(join(staging, 'etc/tinystack'), { recursive: true });
    for (const file of CONFIG_FILES) {
      copyFileSync(join(packaging, 'etc', file.split('/').pop()!), join(staging, file));
      chmodSync(join(staging, file), 0o600);
    }
    mkdirSync(join(staging, 'usr/bin'), { recursive: true });
    symlinkSync(`${INSTALL_DIRECTORY}/bin/tinystack`, join(staging, 'usr/bin/tinystack'));

    const depends = [...(await elfDepends(tree)), ...hostProgramDepends()];
    const installedKb = Math.ceil(filesUnder(staging).reduce((sum, file) => sum + statSync(file).size, 0) / 1024);
    const md5sums = filesUnder(staging)
      .map((file) => `${createHash('md5').update(readFileSync(file)).digest('hex')}  ${relative(staging, file)}\n`)
      .sort()
      .join('');

    const control = join(staging, 'DEBIAN');
    mkdirSync(control);
    writeFileSync(join(control, 'control'), controlFile(version, target, depends, installedKb));
    writeFileSync(join(control, 'conffiles'), `${CONFIG_FILES.join('\n')}\n`);
    writeFileSync(join(control, 'md5sums'), md5sums);
    for (const script of ['postinst', 'prerm', 'postrm']) {
      const text = readFileSync(join(packaging, 'debian', script), 'utf8')
        .replaceAll('@VERSION@', version)
        .replaceAll('@NODE_NOTICE@', nodeNotice(tree));
      writeFileSync(join(control, script), text, { mode: 0o755 });
    }

    mkdirSync(options.outputDirectory, { recursive: true });
    const file = join(options.outputDirectory, debianPackageName(version, target.arch));
    // xz at level 1: a quarter smaller than gzip in about the same time (8 s for arm64 on two cores);
    // level 6 saves 7 MB more per package and costs 50 s each, in every CI run.
    await run('dpkg-deb', ['--root-owner-group', '-Zxz', '-z1', '--threads-max=2', '--build', staging, file], { timeoutMs: 15 * 60_000 });
    return { file, depends };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Which Node.js the package runs on, from the tree's release.json (what is really in it). */
function nodeNotice(tree: string): string {
  const manifest = JSON.parse(readFileSync(join(tree, 'release.json'), 'utf8')) as {
    node: { bundled: string | null; advice?: string };
    addons: Array<{ node: number; forTestsOnly?: string }>;
  };
  const majors = manifest.addons.filter((set) => !set.forTestsOnly).map((set) => set.node);
  if (manifest.node.bundled) return `It runs on the Node.js ${majors.join(' or ')} it brings along (/opt/tinystack/runtime).`;
  return `It runs on Node.js ${majors.join(' or ')}, which this package does not include. ${manifest.node.advice ?? ''}`.trim();
}

function controlFile(version: string, target: ReleaseTarget, depends: string[], installedKb: number): string {
  return [
    'Package: tinystack',
    `Version: ${version}`,
    `Architecture: ${RELEASE_ARCHES[target.arch].debian}`,
    'Maintainer: TinyStack maintainers <tinystack@localhost>',
    `Installed-Size: ${installedKb}`,
    `Depends: ${depends.join(', ')}`,
    'Section: admin',
    'Priority: optional',
    'Description: private cloud for a stack of small boards',
    ` TinyStack runs LXC system containers on a stack of small boards (${RELEASE_ARCHES[target.arch].boards})`,
    ' for classrooms without good internet: a compute node on every board, with',
    ' its load on an 8x8 LED matrix, and a manager with a web console.',
    ' .',
    ' The services tinystack-compute and tinystack-manager are installed but not',
    ' enabled; the message after installation says how to enable them.',
    '',
  ].join('\n');
}
