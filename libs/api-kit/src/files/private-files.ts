import { chmodSync, closeSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { ConfigurationError } from '../config/environment.js';

/** Only the owner may list or enter it: the app's DATA_DIR. */
export const PRIVATE_DIRECTORY_MODE = 0o700;
/** Only the owner may read or write it: tokens, the database. */
export const PRIVATE_FILE_MODE = 0o600;
/** S_ISVTX: in a directory with it, anybody may create files but remove only their own. */
const STICKY_BIT = 0o1000;

/**
 * Creates the directory (and missing parents) owner-only, or makes an
 * existing one owner-only whatever its mode was. A shared directory (the
 * sticky bit, as on /tmp) is refused rather than locked away from everybody else.
 */
export function preparePrivateDirectory(path: string): void {
  attempt(path, 'create', () => mkdirSync(path, { recursive: true, mode: PRIVATE_DIRECTORY_MODE }));
  const stats = attempt(path, 'read', () => statSync(path));
  if (!stats.isDirectory()) throw new ConfigurationError(`${path} must be a directory, but it is a file`);
  if (stats.mode & STICKY_BIT) {
    throw new ConfigurationError(
      `${path} is a shared directory (sticky bit, like /tmp): give the app a directory of its own, such as ${path.replace(/\/+$/, '')}/tinystack`,
    );
  }
  if ((stats.mode & 0o7777) !== PRIVATE_DIRECTORY_MODE) {
    attempt(path, 'make owner-only (mode 700)', () => chmodSync(path, PRIVATE_DIRECTORY_MODE));
  }
}

/**
 * Creates an empty file owner-only if it is missing, or makes an existing
 * one owner-only: for a file another program (SQLite) will write.
 */
export function preparePrivateFile(file: string): void {
  attempt(file, 'create', () => closeSync(openSync(file, 'a', PRIVATE_FILE_MODE)));
  keepPrivate(file);
}

/** Makes the file owner-only if it exists (a file someone created earlier with another mode). */
export function keepPrivate(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw describeFailure(file, 'read', error);
  }
  if ((mode & 0o7777) !== PRIVATE_FILE_MODE) attempt(file, 'make owner-only (mode 600)', () => chmodSync(file, PRIVATE_FILE_MODE));
}

/** Writes the file owner-only, also when it existed before with another mode (the mode of open() applies to new files only). */
export function writePrivateFile(file: string, content: string): void {
  attempt(file, 'write', () => writeFileSync(file, content, { mode: PRIVATE_FILE_MODE }));
  keepPrivate(file);
}

function attempt<T>(path: string, action: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw describeFailure(path, action, error);
  }
}

function describeFailure(path: string, action: string, error: unknown): ConfigurationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ConfigurationError(`Could not ${action} ${path}: ${reason}`);
}
