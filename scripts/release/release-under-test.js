"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.emulationProblem = emulationProblem;
exports.releaseTarball = releaseTarball;
exports.unpackRelease = unpackRelease;
exports.withCheckoutHidden = withCheckoutHidden;
// Running an artefact the way a board would, on the build machine: unpacked
// into an empty folder outside the checkout, the checkout itself hidden, and
// for the ARM packages under qemu-user (binfmt_misc) with Debian's cross libc.
// The smoke test and the benchmark both start artefacts through this.
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const release_arch_js_1 = require("../../libs/native-addons/src/release-arch.js");
const node_packages_js_1 = require("./node-packages.js");
const release_paths_js_1 = require("./release-paths.js");
const release_targets_js_1 = require("./release-targets.js");
const run_program_js_1 = require("./run-program.js");
/** binfmt_misc names of the emulators that run ARM programs. */
const BINFMT = { arm64: 'qemu-aarch64', arm: 'qemu-arm' };
/** Why this machine cannot run the target's programs, or null when it can. */
function emulationProblem(target) {
    if (target.arch === 'x64')
        return process.arch === 'x64' ? null : 'x64 artefacts need an x86-64 build machine';
    const entry = `/proc/sys/fs/binfmt_misc/${BINFMT[target.arch]}`;
    if (!(0, node_fs_1.existsSync)(entry) || !(0, node_fs_1.readFileSync)(entry, 'utf8').startsWith('enabled')) {
        return `${entry} is not enabled: run scripts/release/setup-build-host.sh (it installs qemu-user-static and registers it)`;
    }
    if (target.libcPrefix && !(0, node_fs_1.existsSync)(target.libcPrefix))
        return `${target.libcPrefix} is missing: run scripts/release/setup-build-host.sh`;
    return null;
}
function releaseTarball(arch) {
    return (0, node_path_1.join)(release_paths_js_1.RELEASE_DIRECTORY, (0, release_arch_js_1.tarballName)((0, release_paths_js_1.packageVersion)(), arch));
}
/** Unpacks release/tinystack-<version>-linux-<arch>.tar.gz into `into` (outside the checkout) and prepares its launch. */
async function unpackRelease(arch, into) {
    const target = release_targets_js_1.RELEASE_TARGETS[arch];
    const tarball = releaseTarball(arch);
    if (!(0, node_fs_1.existsSync)(tarball))
        throw new Error(`${tarball} is missing: run "npm run release" first`);
    (0, node_fs_1.mkdirSync)(into, { recursive: true });
    await (0, run_program_js_1.run)('tar', ['-xzf', tarball, '-C', into], { timeoutMs: 5 * 60_000 });
    const [folder, ...others] = (0, node_fs_1.readdirSync)(into);
    if (!folder || others.length > 0)
        throw new Error(`${tarball} should hold one folder, not ${[folder, ...others].join(', ')}`);
    const root = (0, node_path_1.join)(into, folder);
    const env = target.libcPrefix ? { QEMU_LD_PREFIX: target.libcPrefix } : {};
    let node = (0, node_path_1.join)(root, 'runtime', 'bin', 'node');
    if (!target.bundledNode) {
        if (!target.smokeNode)
            throw new Error(`${arch} brings no Node.js and names none to test with`);
        // Copied out of the checkout's cache, which is hidden from the artefact.
        const smokeNode = (0, node_path_1.join)(into, 'smoke-node', 'bin', 'node');
        (0, node_fs_1.mkdirSync)((0, node_path_1.join)(into, 'smoke-node', 'bin'), { recursive: true });
        (0, node_fs_1.copyFileSync)((0, node_path_1.join)(await (0, node_packages_js_1.nodePackage)(target.smokeNode), 'bin', 'node'), smokeNode);
        node = smokeNode;
        const line = target.addons.find((build) => target.smokeNode.includes(`@${build.line.major}.`))?.line;
        env['TINYSTACK_NODE'] = smokeNode;
        if (line && line.endOfLife < new Date().toISOString().slice(0, 10))
            env['TINYSTACK_ALLOW_EOL_NODE'] = '1';
    }
    return { target, tarball, root, node, env };
}
/**
 * The command line that runs `command` in a private mount namespace where a
 * tmpfs covers the checkout: nothing of the build tree can be found (needs
 * root, as on the build machine and in CI).
 */
function withCheckoutHidden(command) {
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
        release_paths_js_1.REPOSITORY,
        ...command,
    ];
}
