// npm run release: on an x86-64 build machine, offline once the Node.js
// packages are cached, one tarball and one .deb per board kind in release/.
//   node dist/release-tools/scripts/release/release.js [--arch x64,arm64,arm]
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isReleaseArch, type ReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { buildAddons, NATIVE_PACKAGES, type BuiltAddons } from './addon-builds.js';
import { buildTarball } from './archives.js';
import { buildDebianPackage } from './debian-package.js';
import { nodePackage } from './node-packages.js';
import { packageVersion, RELEASE_DIRECTORY, REPOSITORY } from './release-paths.js';
import { RELEASE_TARGETS, releaseFileArch, usedNodePackages, type ReleaseTarget } from './release-targets.js';
import { run } from './run-program.js';
import { stageRuntimeTree, type AddonSet } from './runtime-tree.js';

function chosenTargets(argv: string[]): ReleaseTarget[] {
  const flag = argv.indexOf('--arch');
  if (flag < 0) return Object.values(RELEASE_TARGETS);
  const names = (argv[flag + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !isReleaseArch(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--arch takes a comma-separated list of ${Object.keys(RELEASE_TARGETS).join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
  }
  return names.map((name) => RELEASE_TARGETS[name as ReleaseArch]);
}

async function gitCommit(): Promise<{ id: string; epoch: number }> {
  try {
    const { stdout } = await run('git', ['log', '-1', '--format=%H %ct'], { cwd: REPOSITORY, timeoutMs: 10_000 });
    const [id, epoch] = stdout.trim().split(' ');
    return { id: id!, epoch: Number(epoch) };
  } catch {
    return { id: 'unknown', epoch: Math.floor(Date.now() / 1000) };
  }
}

function treeSize(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(directory, entry.name);
    return sum + (entry.isDirectory() ? treeSize(path) : entry.isFile() ? statSync(path).size : 0);
  }, 0);
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function addonSet(built: BuiltAddons): AddonSet {
  return {
    line: built.build.line,
    files: Object.fromEntries(NATIVE_PACKAGES.map((addon) => [addon.binary, join(built.directory, addon.binary)])),
    ...(built.build.forTestsOnly ? { forTestsOnly: built.build.forTestsOnly } : {}),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const targets = chosenTargets(process.argv.slice(2));
  const version = packageVersion();
  const commit = await gitCommit();
  const { computeNodeFlags, MANAGER_NODE_FLAGS } = (await import(pathToFileURL(join(REPOSITORY, 'scripts', 'node-flags.mjs')).href)) as {
    computeNodeFlags: (major: number) => string[];
    MANAGER_NODE_FLAGS: readonly string[];
  };
  const log = (line: string) => console.log(line);
  log(`TinyStack ${version} release for ${targets.map((target) => releaseFileArch(target.arch)).join(', ')}`);

  log('Node.js packages (npm registry, pinned in scripts/release/node-packages.json; cached in .cache/release)');
  for (const spec of usedNodePackages(targets)) {
    await nodePackage(spec);
    log(`  ${spec}`);
  }

  log('Native addons (node-gyp against the packages\' include/node; Debian\'s cross compilers for ARM)');
  const addonStarted = Date.now();
  const built = await buildAddons(targets, log);
  for (const set of built.filter((entry) => !entry.compiled)) log(`  ${set.target.arch}, Node.js ${set.build.line.major}: from the cache`);
  log(`  addons ready in ${((Date.now() - addonStarted) / 1000).toFixed(0)} s`);
  // CI compiles the addons while the tests run (they need nothing from the build); the packaging run after the tests takes them from the cache.
  if (process.argv.includes('--addons-only')) return;

  log('Packages');
  const work = join(RELEASE_DIRECTORY, '.work');
  const artefacts: string[] = [];
  const sizes: string[] = [];
  let missingApps: string[] = [];
  for (const target of targets) {
    const tree = join(work, `tinystack-${version}-${releaseFileArch(target.arch)}`);
    rmSync(tree, { recursive: true, force: true });
    const bundled = target.bundledNode ? await nodePackage(target.bundledNode) : null;
    const strip = target.crossPrefix ? `${target.crossPrefix}-strip` : 'strip';
    const staged = await stageRuntimeTree({
      root: tree,
      version,
      arch: target.arch,
      bundledNode: bundled
        ? { directory: bundled, spec: target.bundledNode!, strip: async (from, to) => void (await run(strip, ['-o', to, from], { timeoutMs: 5 * 60_000 })) }
        : null,
      addons: built.filter((entry) => entry.target === target).map(addonSet),
      nodeAdvice: target.nodeAdvice,
      computeFlags: computeNodeFlags,
      managerFlags: MANAGER_NODE_FLAGS,
      commit: commit.id,
    });
    missingApps = staged.missingApps;
    const staging = Date.now();
    const tarball = await buildTarball(tree, version, target.arch, RELEASE_DIRECTORY, commit.epoch);
    const packing = Date.now();
    const deb = await buildDebianPackage({ tree, version, target, outputDirectory: RELEASE_DIRECTORY });
    log(`  ${releaseFileArch(target.arch)}: tarball in ${((packing - staging) / 1000).toFixed(0)} s, .deb in ${((Date.now() - packing) / 1000).toFixed(0)} s`);
    artefacts.push(tarball, deb.file);
    const treeBytes = treeSize(tree);
    rmSync(tree, { recursive: true, force: true });
    sizes.push(
      `  ${basename(tarball).padEnd(38)} ${megabytes(statSync(tarball).size).padStart(9)}   unpacked ${megabytes(treeBytes)}`,
      `  ${basename(deb.file).padEnd(38)} ${megabytes(statSync(deb.file).size).padStart(9)}   Depends: ${deb.depends.join(', ')}`,
    );
  }

  rmSync(work, { recursive: true, force: true });
  const sums = artefacts.map((file) => `${createHash('sha256').update(readFileSync(file)).digest('hex')}  ${basename(file)}\n`).join('');
  mkdirSync(RELEASE_DIRECTORY, { recursive: true });
  writeFileSync(join(RELEASE_DIRECTORY, 'SHA256SUMS'), sums);
  log('Artefacts (release/, checksums in release/SHA256SUMS)');
  for (const line of sizes) log(line);
  if (missingApps.length > 0) {
    log('');
    log(`WARNING: dist/apps/${missingApps.join(', dist/apps/')} is not built: the packages have no ${missingApps.join(', ')} (bin/tinystack says so when run).`);
  }
  log(`Release made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: Error) => {
  console.error(`Release failed: ${error.message}`);
  process.exitCode = 1;
});
