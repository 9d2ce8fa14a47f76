// The tree a board gets: the app bundles, the console, the OpenAPI documents,
// only the packages the bundles load at run time, the addons for each Node.js
// line, the launchers and the service files. The release and the relocation
// test stage it with the same code, so what the test runs is what ships.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { RELEASE_ARCHES, debianPackageName, tarballName, type ReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { NATIVE_PACKAGES } from './addon-builds.js';
import { REPOSITORY } from './release-paths.js';
import type { NodeLine } from './release-targets.js';

/** Pure-JavaScript packages the bundles require at run time (rspack.config.cjs keeps them external), and the files they read. */
export const RUNTIME_PACKAGES: Record<string, readonly string[]> = {
  // What @nestjs/swagger serves for Swagger UI (its HTML names these files).
  'swagger-ui-dist': [
    'package.json',
    'LICENSE',
    'NOTICE',
    'absolute-path.js',
    'swagger-ui.css',
    'swagger-ui-bundle.js',
    'swagger-ui-standalone-preset.js',
    'favicon-16x16.png',
    'favicon-32x32.png',
  ],
  // How better-sqlite3 and i2c-bus find their .node files.
  bindings: ['package.json', 'LICENSE.md', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'LICENSE', 'index.js'],
};

/** The JavaScript part of each native package, beside the .node file built for each Node.js line. */
export const NATIVE_PACKAGE_FILES: Record<(typeof NATIVE_PACKAGES)[number]['name'], readonly string[]> = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib'],
  'i2c-bus': ['package.json', 'LICENSE', 'i2c-bus.js'],
  // What require('node-pty') loads on Linux (not its tests, source maps or Windows parts); lib/utils.js finds build/Release/pty.node.
  'node-pty': ['package.json', 'LICENSE', 'lib/index.js', 'lib/utils.js', 'lib/unixTerminal.js', 'lib/terminal.js', 'lib/eventEmitter2.js'],
};

/**
 * The apps every tree has: the compute node, the manager and the CLI (apps/cli,
 * bundled to dist/apps/cli/main.js, run by bin/tinystack). OPTIONAL_APPS is for
 * an app that may be left out of a build; a release then says so loudly.
 */
export const REQUIRED_APPS = ['compute', 'manager', 'cli'] as const;
export const OPTIONAL_APPS: readonly string[] = [];

/** The .node files of one Node.js line: binary file name (better_sqlite3.node) → where it is now. */
export interface AddonSet {
  line: NodeLine;
  files: Record<string, string>;
  forTestsOnly?: string;
}

export interface TreeOptions {
  /** An empty or missing folder to fill. */
  root: string;
  version: string;
  arch: ReleaseArch;
  /** The unpacked official Node.js package to ship in runtime/, or null (the board brings its own). */
  bundledNode: { directory: string; spec: string; strip: (from: string, to: string) => Promise<void> } | null;
  addons: AddonSet[];
  nodeAdvice: string;
  /** The compute node's Node.js flags for a Node.js major (scripts/node-flags.mjs). */
  computeFlags: (major: number) => readonly string[];
  /** The manager's Node.js flags (scripts/node-flags.mjs). */
  managerFlags: readonly string[];
  commit: string;
}

export interface StagedTree {
  root: string;
  /** The apps of OPTIONAL_APPS that were not built and so are missing. */
  missingApps: string[];
}

function copyInto(root: string, path: string, from: string = join(REPOSITORY, path)): void {
  const to = join(root, path);
  mkdirSync(dirname(to), { recursive: true });
  if (statSync(from).isDirectory()) cpSync(from, to, { recursive: true });
  else copyFileSync(from, to);
}

function requireBuilt(path: string): string {
  const full = join(REPOSITORY, path);
  if (!existsSync(full)) throw new Error(`${full} is missing: run "npm run build" first (npm run release does)`);
  return full;
}

/** Single-quoted for sh. */
function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function releaseConf(options: TreeOptions): string {
  const own = RELEASE_ARCHES[options.arch];
  const lines = options.addons.map((set) => `${set.line.major}:${set.line.endOfLife}`).join(' ');
  const packageFor = (arch: ReleaseArch) => `${debianPackageName(options.version, arch)} or ${tarballName(options.version, arch)}`;
  return [
    '# Written by scripts/release for this package; read by libexec/tinystack-launch.',
    `TINYSTACK_VERSION=${shellQuoted(options.version)}`,
    `TINYSTACK_ARCH=${shellQuoted(options.arch)}`,
    `TINYSTACK_BOARDS=${shellQuoted(own.boards)}`,
    `TINYSTACK_ELF_MACHINE=${own.elfMachine.toString(16).padStart(4, '0')}`,
    `TINYSTACK_NODE_LINES=${shellQuoted(lines)}`,
    `TINYSTACK_NODE_ADVICE=${shellQuoted(options.nodeAdvice)}`,
    '',
    "# The manager's Node.js flags (scripts/node-flags.mjs).",
    `TINYSTACK_MANAGER_FLAGS=${shellQuoted(options.managerFlags.join(' '))}`,
    '',
    "# The compute node's Node.js flags for a Node.js major (scripts/node-flags.mjs).",
    'tinystack_compute_flags() {',
    '  case "$1" in',
    ...options.addons.map((set) => `    ${set.line.major}) echo ${shellQuoted(options.computeFlags(set.line.major).join(' '))} ;;`),
    '  esac',
    '}',
    '',
    '# The package that fits a system: uname -m, getconf LONG_BIT.',
    'tinystack_package_for() {',
    '  case "$1:$2" in',
    `    x86_64:64) echo ${shellQuoted(`install the one for x64: ${packageFor('x64')}`)} ;;`,
    `    aarch64:64) echo ${shellQuoted(`install the one for a 64-bit ARM OS: ${packageFor('arm64')}`)} ;;`,
    `    aarch64:32 | armv7l:32 | armv8l:32) echo ${shellQuoted(`install the one for a 32-bit ARM OS: ${packageFor('arm')}`)} ;;`,
    `    *) echo 'TinyStack publishes no package for it: build it from source (npm ci && npm run build)' ;;`,
    '  esac',
    '}',
    '',
  ].join('\n');
}

const LAUNCHERS = { 'tinystack-compute': 'compute', 'tinystack-manager': 'manager', tinystack: 'cli' } as const;

function launcher(part: string): string {
  return [
    '#!/bin/sh',
    `# TinyStack's ${part === 'cli' ? 'command-line tool' : `${part} server`}: libexec/tinystack-launch picks the Node.js and says what is missing.`,
    `exec "$(dirname -- "$(readlink -f -- "$0")")/../libexec/tinystack-launch" ${part} "$@"`,
    '',
  ].join('\n');
}

/** `sha256  ./path` for every file under root but SHA256SUMS itself, as `sha256sum -c` reads it. */
export function checksums(root: string): string {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root);
  return files
    .map((file) => relative(root, file))
    .filter((file) => file !== 'SHA256SUMS')
    .sort()
    .map((file) => `${createHash('sha256').update(readFileSync(join(root, file))).digest('hex')}  ./${file}\n`)
    .join('');
}

export async function stageRuntimeTree(options: TreeOptions): Promise<StagedTree> {
  const { root } = options;
  if (existsSync(root) && readdirSync(root).length > 0) throw new Error(`${root} is not empty`);
  mkdirSync(root, { recursive: true });

  const missingApps: string[] = [];
  for (const app of [...REQUIRED_APPS, ...OPTIONAL_APPS]) {
    const folder = join('dist', 'apps', app);
    if (!existsSync(join(REPOSITORY, folder, 'main.js'))) {
      if ((OPTIONAL_APPS as readonly string[]).includes(app)) {
        missingApps.push(app);
        continue;
      }
      requireBuilt(join(folder, 'main.js'));
    }
    // The bundles and their chunks; source maps stay on the build machine.
    for (const file of readdirSync(join(REPOSITORY, folder)).filter((name) => name.endsWith('.js'))) copyInto(root, join(folder, file));
  }
  requireBuilt('dist/frontend/browser/index.html');
  copyInto(root, 'dist/frontend/browser');
  for (const document of ['compute.json', 'manager.json']) copyInto(root, join('openapi', document));

  for (const [name, files] of Object.entries(RUNTIME_PACKAGES)) {
    for (const file of files) copyInto(root, join('node_modules', name, file));
  }
  for (const set of options.addons) {
    for (const addon of NATIVE_PACKAGES) {
      const packageFolder = join('addons', `node${set.line.major}`, 'node_modules', addon.name);
      for (const file of NATIVE_PACKAGE_FILES[addon.name]) copyInto(root, join(packageFolder, file), join(REPOSITORY, 'node_modules', addon.name, file));
      const built = set.files[addon.binary];
      if (!built) throw new Error(`No ${addon.binary} for Node.js ${set.line.major}`);
      copyInto(root, join(packageFolder, 'build', 'Release', addon.binary), built);
    }
  }

  if (options.bundledNode) {
    mkdirSync(join(root, 'runtime', 'bin'), { recursive: true });
    await options.bundledNode.strip(join(options.bundledNode.directory, 'bin', 'node'), join(root, 'runtime', 'bin', 'node'));
    copyFileSync(join(options.bundledNode.directory, 'LICENSE'), join(root, 'runtime', 'LICENSE'));
    chmodSync(join(root, 'runtime', 'bin', 'node'), 0o755);
  }

  copyInto(root, 'libexec/tinystack-launch', join(REPOSITORY, 'packaging', 'libexec', 'tinystack-launch'));
  writeFileSync(join(root, 'libexec', 'release.conf'), releaseConf(options));
  mkdirSync(join(root, 'bin'), { recursive: true });
  for (const [name, part] of Object.entries(LAUNCHERS)) writeFileSync(join(root, 'bin', name), launcher(part), { mode: 0o755 });
  chmodSync(join(root, 'libexec', 'tinystack-launch'), 0o755);

  for (const folder of ['systemd', 'etc', 'modules-load.d']) copyInto(root, folder, join(REPOSITORY, 'packaging', folder));
  // They may hold an API token.
  for (const file of readdirSync(join(root, 'etc'))) chmodSync(join(root, 'etc', file), 0o600);
  copyInto(root, 'INSTALL.txt', join(REPOSITORY, 'packaging', 'INSTALL.txt'));
  copyInto(root, '.env.example');
  writeFileSync(
    join(root, 'release.json'),
    `${JSON.stringify(
      {
        name: 'tinystack',
        version: options.version,
        commit: options.commit,
        arch: options.arch,
        boards: RELEASE_ARCHES[options.arch].boards,
        node: options.bundledNode ? { bundled: options.bundledNode.spec } : { bundled: null, advice: options.nodeAdvice },
        addons: options.addons.map((set) => ({ node: set.line.major, endOfLife: set.line.endOfLife, ...(set.forTestsOnly ? { forTestsOnly: set.forTestsOnly } : {}) })),
        apps: [...REQUIRED_APPS, ...OPTIONAL_APPS].filter((app) => !missingApps.includes(app)),
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(join(root, 'SHA256SUMS'), checksums(root));
  return { root, missingApps };
}
