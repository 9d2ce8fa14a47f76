// Running an artefact the way a board would, on the build machine: unpacked
// into an empty folder outside the checkout, the checkout itself hidden, and
// for the ARM packages under qemu-user (binfmt_misc) with Debian's cross libc.
// The smoke test and the benchmark both start artefacts through this.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarballName, type ReleaseArch } from '../../libs/native-addons/src/release-arch.js';
import { nodePackage } from './node-packages.js';
import { packageVersion, RELEASE_DIRECTORY, REPOSITORY } from './release-paths.js';
import { RELEASE_TARGETS, type ReleaseTarget } from './release-targets.js';
import { run } from './run-program.js';

export interface UnpackedRelease {
  target: ReleaseTarget;
  tarball: string;
  /** The tree: bin/, dist/, release.json... */
  root: string;
  /** The Node.js binary the launchers run (the bundled one, or the smoke test's copied beside the tree). */
  node: string;
  /** What the launchers need besides their settings: the emulator's libc, the smoke test's Node.js. */
  env: Record<string, string>;
}

/** binfmt_misc names of the emulators that run ARM programs. */
const BINFMT = { arm64: 'qemu-aarch64', arm: 'qemu-arm' } as const;

/** Why this machine cannot run the target's programs, or null when it can. */
export function emulationProblem(target: ReleaseTarget): string | null {
  if (target.arch === 'x64') return process.arch === 'x64' ? null : 'x64 artefacts need an x86-64 build machine';
  const entry = `/proc/sys/fs/binfmt_misc/${BINFMT[target.arch]}`;
  if (!existsSync(entry) || !readFileSync(entry, 'utf8').startsWith('enabled')) {
    return `${entry} is not enabled: run scripts/release/setup-build-host.sh (it installs qemu-user-static and registers it)`;
  }
  if (target.libcPrefix && !existsSync(target.libcPrefix)) return `${target.libcPrefix} is missing: run scripts/release/setup-build-host.sh`;
  return null;
}

export function releaseTarball(arch: ReleaseArch): string {
  return join(RELEASE_DIRECTORY, tarballName(packageVersion(), arch));
}

/** Unpacks release/tinystack-<version>-linux-<arch>.tar.gz into `into` (outside the checkout) and prepares its launch. */
export async function unpackRelease(arch: ReleaseArch, into: string): Promise<UnpackedRelease> {
  const target = RELEASE_TARGETS[arch];
  const tarball = releaseTarball(arch);
  if (!existsSync(tarball)) throw new Error(`${tarball} is missing: run "npm run release" first`);
  mkdirSync(into, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', into], { timeoutMs: 5 * 60_000 });
  const [folder, ...others] = readdirSync(into);
  if (!folder || others.length > 0) throw new Error(`${tarball} should hold one folder, not ${[folder, ...others].join(', ')}`);
  const root = join(into, folder);
  const env: Record<string, string> = target.libcPrefix ? { QEMU_LD_PREFIX: target.libcPrefix } : {};
  let node = join(root, 'runtime', 'bin', 'node');
  if (!target.bundledNode) {
    if (!target.smokeNode) throw new Error(`${arch} brings no Node.js and names none to test with`);
    // Copied out of the checkout's cache, which is hidden from the artefact.
    const smokeNode = join(into, 'smoke-node', 'bin', 'node');
    mkdirSync(join(into, 'smoke-node', 'bin'), { recursive: true });
    copyFileSync(join(await nodePackage(target.smokeNode), 'bin', 'node'), smokeNode);
    node = smokeNode;
    const line = target.addons.find((build) => target.smokeNode!.includes(`@${build.line.major}.`))?.line;
    env['TINYSTACK_NODE'] = smokeNode;
    if (line && line.endOfLife < new Date().toISOString().slice(0, 10)) env['TINYSTACK_ALLOW_EOL_NODE'] = '1';
  }
  return { target, tarball, root, node, env };
}

/**
 * The command line that runs `command` in a private mount namespace where a
 * tmpfs covers the checkout: nothing of the build tree can be found (needs
 * root, as on the build machine and in CI).
 */
export function withCheckoutHidden(command: readonly string[]): [string, ...string[]] {
  return [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '--',
    'sh',
    '-c',
    'mount -t tmpfs -o size=1m,mode=0755 tinystack-hidden-checkout "$1" && shift && exec "$@"',
    'sh',
    REPOSITORY,
    ...command,
  ];
}
