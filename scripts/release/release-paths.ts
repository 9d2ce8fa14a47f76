import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository, seen from this folder and from its build in dist/release-tools/scripts/release. */
export const REPOSITORY = findRepository();
/** Downloads and builds kept between runs (git-ignored). */
export const CACHE_DIRECTORY = join(REPOSITORY, '.cache', 'release');
/** What `npm run release` makes (git-ignored). */
export const RELEASE_DIRECTORY = join(REPOSITORY, 'release');

function findRepository(): string {
  for (const candidate of [join(__dirname, '..', '..'), join(__dirname, '..', '..', '..', '..')]) {
    try {
      if ((JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8')) as { name?: string }).name === 'tinystack') return candidate;
    } catch {
      // not the repository root
    }
  }
  throw new Error(`The TinyStack repository was not found above ${__dirname}`);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as { version: string }).version;
}
