"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pinnedNodePackages = pinnedNodePackages;
exports.integrityOf = integrityOf;
exports.nodePackageTarball = nodePackageTarball;
exports.nodePackage = nodePackage;
// The official Node.js builds of node-packages.json: fetched once with npm pack
// (from npm's cache when offline), checked against the pinned integrity, and
// unpacked under .cache/release, which later runs reuse without the network.
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const release_paths_js_1 = require("./release-paths.js");
const run_program_js_1 = require("./run-program.js");
const PINNED_FILE = (0, node_path_1.join)(release_paths_js_1.REPOSITORY, 'scripts', 'release', 'node-packages.json');
const FETCH_TIMEOUT_MS = 10 * 60_000;
function pinnedNodePackages(file = PINNED_FILE) {
    const pinned = JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8'));
    return Object.fromEntries(Object.entries(pinned).filter(([spec]) => !spec.startsWith('//')));
}
/** The Subresource Integrity string (sha512-<base64>) npm records for a tarball. */
function integrityOf(file) {
    return `sha512-${(0, node_crypto_1.createHash)('sha512').update((0, node_fs_1.readFileSync)(file)).digest('base64')}`;
}
/** `name@version` → its npm pack file name (`name-version.tgz`). */
function tarballFile(spec) {
    const at = spec.lastIndexOf('@');
    return `${spec.slice(0, at).replace(/^@/, '').replace('/', '-')}-${spec.slice(at + 1)}.tgz`;
}
/** The pinned tarball of `spec` in the cache, fetched with npm pack when missing or not the pinned one. */
async function nodePackageTarball(spec) {
    const expected = pinnedNodePackages()[spec];
    if (!expected)
        throw new Error(`${spec} is not pinned in ${PINNED_FILE}: add it with the integrity "npm view ${spec} dist.integrity" reports`);
    const directory = (0, node_path_1.join)(release_paths_js_1.CACHE_DIRECTORY, 'npm');
    const file = (0, node_path_1.join)(directory, tarballFile(spec));
    if ((0, node_fs_1.existsSync)(file) && integrityOf(file) === expected)
        return file;
    (0, node_fs_1.mkdirSync)(directory, { recursive: true });
    (0, node_fs_1.rmSync)(file, { force: true });
    try {
        await (0, run_program_js_1.run)('npm', ['pack', spec, '--pack-destination', directory, '--prefer-offline', '--silent'], { timeoutMs: FETCH_TIMEOUT_MS });
    }
    catch (error) {
        throw new Error(`Could not fetch ${spec} from the npm registry (${error.message.split('\n')[0]}). ` +
            'A release needs it once while the registry can be reached; later runs take it from .cache/release.', { cause: error });
    }
    const actual = integrityOf(file);
    if (actual !== expected) {
        (0, node_fs_1.rmSync)(file, { force: true });
        throw new Error(`${spec} from the registry is not the pinned build: integrity ${actual}, pinned ${expected} in ${PINNED_FILE}`);
    }
    return file;
}
/** The unpacked package (its `package/` folder: bin/node, include/node, LICENSE), unpacked once. */
async function nodePackage(spec) {
    const target = (0, node_path_1.join)(release_paths_js_1.CACHE_DIRECTORY, 'node', spec.replace('@', '-'));
    const stamp = (0, node_path_1.join)(target, '.integrity');
    const expected = pinnedNodePackages()[spec];
    if ((0, node_fs_1.existsSync)(stamp) && (0, node_fs_1.readFileSync)(stamp, 'utf8') === expected)
        return (0, node_path_1.join)(target, 'package');
    const tarball = await nodePackageTarball(spec);
    const partial = `${target}.partial`;
    (0, node_fs_1.rmSync)(partial, { recursive: true, force: true });
    (0, node_fs_1.rmSync)(target, { recursive: true, force: true });
    (0, node_fs_1.mkdirSync)(partial, { recursive: true });
    await (0, run_program_js_1.run)('tar', ['-xzf', tarball, '-C', partial, '--no-same-owner'], { timeoutMs: FETCH_TIMEOUT_MS });
    (0, node_fs_1.writeFileSync)((0, node_path_1.join)(partial, '.integrity'), expected);
    (0, node_fs_1.renameSync)(partial, target);
    return (0, node_path_1.join)(target, 'package');
}
