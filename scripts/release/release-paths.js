"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RELEASE_DIRECTORY = exports.CACHE_DIRECTORY = exports.REPOSITORY = void 0;
exports.packageVersion = packageVersion;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
/** The repository, seen from this folder and from its build in dist/release-tools/scripts/release. */
exports.REPOSITORY = findRepository();
/** Downloads and builds kept between runs (git-ignored). */
exports.CACHE_DIRECTORY = (0, node_path_1.join)(exports.REPOSITORY, '.cache', 'release');
/** What `npm run release` makes (git-ignored). */
exports.RELEASE_DIRECTORY = (0, node_path_1.join)(exports.REPOSITORY, 'release');
function findRepository() {
    for (const candidate of [(0, node_path_1.join)(__dirname, '..', '..'), (0, node_path_1.join)(__dirname, '..', '..', '..', '..')]) {
        try {
            if (JSON.parse((0, node_fs_1.readFileSync)((0, node_path_1.join)(candidate, 'package.json'), 'utf8')).name === 'tinystack')
                return candidate;
        }
        catch {
            // not the repository root
        }
    }
    throw new Error(`The TinyStack repository was not found above ${__dirname}`);
}
function packageVersion() {
    return JSON.parse((0, node_fs_1.readFileSync)((0, node_path_1.join)(exports.REPOSITORY, 'package.json'), 'utf8')).version;
}
