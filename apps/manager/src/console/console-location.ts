import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where `npm run build:console` puts the console (dist/frontend/browser), seen
 * from the manager bundle (dist/apps/manager) and from the source tree
 * (apps/manager/src/console), which sit at different depths.
 */
export const CONSOLE_DIRECTORY_CANDIDATES = [
  join(__dirname, '..', '..', 'frontend', 'browser'),
  join(__dirname, '..', '..', '..', '..', 'dist', 'frontend', 'browser'),
];

/** The directory holding the built console's index.html, or null when the console was never built. */
export function builtConsoleDirectory(candidates: readonly string[] = CONSOLE_DIRECTORY_CANDIDATES): string | null {
  return candidates.find((directory) => existsSync(join(directory, 'index.html'))) ?? null;
}
