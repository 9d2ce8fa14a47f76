import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `file` so that a power cut leaves the old file or the
 * new one, never half of one: written beside it (with `mode` from the start,
 * so a secret is never readable by others), synced, renamed over it, and the
 * folder synced. Creates the folder (0700) when it is missing.
 */
export function writeFileDurably(file: string, content: string, mode: number): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const scratch = join(folder, `.${basename(file)}.new`);
  rmSync(scratch, { force: true });
  const descriptor = openSync(scratch, 'wx', mode);
  try {
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  // The mode of open() is masked by the umask: made exact here.
  chmodSync(scratch, mode);
  renameSync(scratch, file);
  const directory = openSync(folder, 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
