// The official Node.js builds of node-packages.json: fetched once with npm pack
// (from npm's cache when offline), checked against the pinned integrity, and
// unpacked under .cache/release, which later runs reuse without the network.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIRECTORY, REPOSITORY } from './release-paths.js';
import { run } from './run-program.js';

const PINNED_FILE = join(REPOSITORY, 'scripts', 'release', 'node-packages.json');
const FETCH_TIMEOUT_MS = 10 * 60_000;

export function pinnedNodePackages(file = PINNED_FILE): Record<string, string> {
  const pinned = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(pinned).filter(([spec]) => !spec.startsWith('//')));
}

/** The Subresource Integrity string (sha512-<base64>) npm records for a tarball. */
export function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** `name@version` → its npm pack file name (`name-version.tgz`). */
function tarballFile(spec: string): string {
  const at = spec.lastIndexOf('@');
  return `${spec.slice(0, at).replace(/^@/, '').replace('/', '-')}-${spec.slice(at + 1)}.tgz`;
}

/** The pinned tarball of `spec` in the cache, fetched with npm pack when missing or not the pinned one. */
export async function nodePackageTarball(spec: string): Promise<string> {
  const expected = pinnedNodePackages()[spec];
  if (!expected) throw new Error(`${spec} is not pinned in ${PINNED_FILE}: add it with the integrity "npm view ${spec} dist.integrity" reports`);
  const directory = join(CACHE_DIRECTORY, 'npm');
  const file = join(directory, tarballFile(spec));
  if (existsSync(file) && integrityOf(file) === expected) return file;
  mkdirSync(directory, { recursive: true });
  rmSync(file, { force: true });
  try {
    await run('npm', ['pack', spec, '--pack-destination', directory, '--prefer-offline', '--silent'], { timeoutMs: FETCH_TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `Could not fetch ${spec} from the npm registry (${(error as Error).message.split('\n')[0]}). ` +
        'A release needs it once while the registry can be reached; later runs take it from .cache/release.',
      { cause: error },
    );
  }
  const actual = integrityOf(file);
  if (actual !== expected) {
    rmSync(file, { force: true });
    throw new Error(`${spec} from the registry is not the pinned build: integrity ${actual}, pinned ${expected} in ${PINNED_FILE}`);
  }
  return file;
}

/** The unpacked package (its `package/` folder: bin/node, include/node, LICENSE), unpacked once. */
export async function nodePackage(spec: string): Promise<string> {
  const target = join(CACHE_DIRECTORY, 'node', spec.replace('@', '-'));
  const stamp = join(target, '.integrity');
  const expected = pinnedNodePackages()[spec];
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === expected) return join(target, 'package');
  const tarball = await nodePackageTarball(spec);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(target, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', partial, '--no-same-owner'], { timeoutMs: FETCH_TIMEOUT_MS });
  writeFileSync(join(partial, '.integrity'), expected!);
  renameSync(partial, target);
  return join(target, 'package');
}
