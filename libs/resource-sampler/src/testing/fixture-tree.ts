import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcText } from '../proc-text.js';

/** Fixture trees laid out like '/': `<tree>/proc/stat`, `<tree>/sys/class/thermal/...`. */
export const FIXTURES_DIRECTORY = join(__dirname, '..', 'fixtures');

export type FixtureTree = 'pi-first' | 'pi-second' | 'old-kernel';

export function fixtureRoot(tree: FixtureTree): string {
  return join(FIXTURES_DIRECTORY, tree);
}

/** Text of a fixture file addressed by its live-system path, e.g. fixtureText('pi-first', '/proc/stat'). */
export function fixtureText(tree: FixtureTree, livePath: string): string {
  return readFileSync(join(fixtureRoot(tree), livePath), 'utf8');
}

/** A fixture file as the sampler's parsers read it. */
export function fixtureProcText(tree: FixtureTree, livePath: string): ProcText {
  return ProcText.of(fixtureText(tree, livePath));
}
