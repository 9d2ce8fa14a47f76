// Builds the native addons for every board kind and Node.js line, offline:
// node-gyp against the include/node of an official Node.js package (never a
// header download), with Debian's cross compilers for the ARM boards. Each
// result is kept under .cache/release/addons, keyed by everything it depends on.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodePackage } from './node-packages.js';
import { CACHE_DIRECTORY, REPOSITORY } from './release-paths.js';
import type { AddonBuild, ReleaseTarget } from './release-targets.js';
import { run } from './run-program.js';

/** The packages with a compiled part the apps load, and the file each builds. */
export const NATIVE_PACKAGES = [
  { name: 'better-sqlite3', binary: 'better_sqlite3.node' },
  { name: 'i2c-bus', binary: 'i2c.node' },
  // The compute node's terminal sessions (a PTY around lxc-attach); Node-API, built like the others.
  { name: 'node-pty', binary: 'pty.node' },
] as const;
export type NativePackage = (typeof NATIVE_PACKAGES)[number];

/** Changing how addons are built changes this, so that no cached build of the old recipe is reused. */
const RECIPE = 'node-gyp rebuild --nodedir without npm_config_*, stripped, 2';
const BUILD_TIMEOUT_MS = 20 * 60_000;
/** Debian's python3 for gyp, not whichever python3 comes first on PATH. */
const PYTHON = '/usr/bin/python3';

/** The folder holding better_sqlite3.node, i2c.node and pty.node for one target and Node.js line. */
export interface BuiltAddons {
  target: ReleaseTarget;
  build: AddonBuild;
  directory: string;
  /** Whether this run compiled them (false: taken from the cache). */
  compiled: boolean;
}

export function nodeGypScript(): string {
  const bundledWithNpm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const script = process.env['npm_config_node_gyp'] || bundledWithNpm;
  if (!existsSync(script)) throw new Error(`node-gyp was not found at ${script}: it comes with npm (set npm_config_node_gyp to another one)`);
  return script;
}

function toolchain(target: ReleaseTarget): Record<'CC' | 'CXX' | 'LINK' | 'AR' | 'STRIP', string> {
  const prefix = target.crossPrefix ? `${target.crossPrefix}-` : '';
  return { CC: `${prefix}gcc`, CXX: `${prefix}g++`, LINK: `${prefix}g++`, AR: `${prefix}ar`, STRIP: `${prefix}strip` };
}

/** The programs a target's addon build starts (through node-gyp and make), for the build-host check. */
export function toolchainPrograms(target: ReleaseTarget): string[] {
  return [...new Set(Object.values(toolchain(target)))];
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPOSITORY, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

async function cacheKey(target: ReleaseTarget, build: AddonBuild): Promise<string> {
  const { stdout } = await run(toolchain(target).CXX, ['--version'], { timeoutMs: 30_000 });
  const inputs = {
    recipe: RECIPE,
    packages: NATIVE_PACKAGES.map((addon) => `${addon.name}@${packageVersion(addon.name)}`),
    nan: packageVersion('nan'),
    headers: build.headers,
    arch: target.gypArch,
    compiler: stdout.split('\n')[0],
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
}

async function compile(target: ReleaseTarget, build: AddonBuild, addon: NativePackage, into: string, jobs: number): Promise<void> {
  const work = join(CACHE_DIRECTORY, 'addon-work', `${target.arch}-node${build.line.major}`, addon.name);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  cpSync(join(REPOSITORY, 'node_modules', addon.name), work, { recursive: true, filter: (source) => !source.includes(`${addon.name}/build`) });
  const nodeDirectory = await nodePackage(build.headers);
  const tools = toolchain(target);
  // npm passes its settings on as npm_config_* (an npmrc's nodedir=/usr among them), and node-gyp
  // lets them win over its command line: without them, only the flags below decide.
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  await run(
    process.execPath,
    [nodeGypScript(), 'rebuild', `--arch=${target.gypArch}`, `--nodedir=${nodeDirectory}`, `--python=${PYTHON}`, `--jobs=${jobs}`],
    {
      cwd: work,
      timeoutMs: BUILD_TIMEOUT_MS,
      // i2c-bus's binding.gyp asks node for nan's include folder (node-pty for node-addon-api's): let it find the checkout's.
      env: { ...environment, ...tools, NODE_PATH: join(REPOSITORY, 'node_modules') },
    },
  );
  const binary = join(work, 'build', 'Release', addon.binary);
  await checkBuiltFor(binary, nodeDirectory, addon);
  await run(tools.STRIP, ['--strip-unneeded', '-o', join(into, addon.binary), binary], { timeoutMs: 60_000 });
  rmSync(work, { recursive: true, force: true });
}

/** NODE_MODULE_VERSION of the headers an addon was compiled against. */
export function headersAbi(nodeDirectory: string): number {
  const header = readFileSync(join(nodeDirectory, 'include', 'node', 'node_version.h'), 'utf8');
  const abi = /#define NODE_MODULE_VERSION (\d+)/.exec(header);
  if (!abi) throw new Error(`${nodeDirectory}/include/node/node_version.h names no NODE_MODULE_VERSION`);
  return Number(abi[1]);
}

/**
 * better-sqlite3 registers itself as node_register_module_v<NODE_MODULE_VERSION>: proof that it
 * was compiled against the headers asked for, not the build machine's Node.js.
 */
async function checkBuiltFor(binary: string, nodeDirectory: string, addon: NativePackage): Promise<void> {
  if (addon.name !== 'better-sqlite3') return;
  const expected = `node_register_module_v${headersAbi(nodeDirectory)}`;
  const { stdout } = await run('readelf', ['--dyn-syms', '-W', binary], { timeoutMs: 60_000 });
  const found = /node_register_module_v\d+/.exec(stdout)?.[0];
  if (found !== expected) throw new Error(`${binary} registers ${found ?? 'no module'}, not ${expected}: it was built against other headers`);
}

/** Every target's addons for every Node.js line it carries, two compilations at a time (the machine has two cores). */
export async function buildAddons(targets: readonly ReleaseTarget[], log: (line: string) => void): Promise<BuiltAddons[]> {
  const results: BuiltAddons[] = [];
  const jobs: Array<{ slow: boolean; run: () => Promise<void> }> = [];
  for (const target of targets) {
    for (const build of target.addons) {
      const directory = join(CACHE_DIRECTORY, 'addons', `${target.arch}-node${build.line.major}-${await cacheKey(target, build)}`);
      const complete = NATIVE_PACKAGES.every((addon) => existsSync(join(directory, addon.binary)));
      results.push({ target, build, directory, compiled: !complete });
      if (complete) continue;
      const partial = `${directory}.partial`;
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial, { recursive: true });
      let remaining = NATIVE_PACKAGES.length;
      for (const addon of NATIVE_PACKAGES) {
        jobs.push({
          slow: addon.name === 'better-sqlite3',
          run: async () => {
            const started = Date.now();
            await compile(target, build, addon, partial, 2);
            log(`  built ${addon.name} for ${target.arch}, Node.js ${build.line.major} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
            remaining -= 1;
            if (remaining === 0) renameSync(partial, directory);
          },
        });
      }
    }
  }
  // better-sqlite3 (SQLite itself, one large file) takes minutes, i2c-bus seconds: start the long ones first.
  jobs.sort((a, b) => Number(b.slow) - Number(a.slow));
  await runTwoAtATime(jobs.map((job) => job.run));
  return results;
}

async function runTwoAtATime(jobs: Array<() => Promise<void>>): Promise<void> {
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  };
  await Promise.all([worker(), worker()]);
}

/** Copies a built addon file to where its package's `bindings` call finds it. */
export function installAddon(built: BuiltAddons, addon: NativePackage, packageDirectory: string): void {
  const release = join(packageDirectory, 'build', 'Release');
  mkdirSync(release, { recursive: true });
  copyFileSync(join(built.directory, addon.binary), join(release, addon.binary));
}
