import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configValue, directoryRootfs, exists } from './container-folder.js';

/**
 * The new config is written beside the old one first and moved over it only
 * after the folder was renamed: a power cut between the two steps leaves this
 * file behind, and `finishInterruptedRenames` completes the rename at start-up.
 */
export const PENDING_CONFIG = 'config.tinystack-rename';

export type InPlaceRenameOutcome = 'renamed' | 'not-eligible';

/**
 * Renames a stopped container by renaming its folder and rewriting its config,
 * instead of `lxc-copy -R`, which copies the whole root filesystem with rsync
 * (a minute and twice the space for a 300 MB rootfs on an SD card) and then
 * destroys the original. Safe only when the root filesystem is a plain
 * directory inside the container's own folder (so one rename(2) on one
 * filesystem moves everything) and there are no snapshots; otherwise answers
 * 'not-eligible' and changes nothing, and the caller uses lxc-copy.
 *
 * The caller guarantees the container is stopped and that no other change to
 * either name runs meanwhile.
 */
export async function renameInPlace(lxcPath: string, name: string, newName: string): Promise<InPlaceRenameOutcome> {
  const oldDir = join(lxcPath, name);
  const newDir = join(lxcPath, newName);
  const config = await readFile(join(oldDir, 'config'), 'utf8').catch(() => null);
  if (config === null) return 'not-eligible';
  if (!rootfsIsOwnDirectory(config, oldDir)) return 'not-eligible';
  if (await hasEntries(join(oldDir, 'snaps'))) return 'not-eligible';
  if (await exists(newDir)) return 'not-eligible';

  await writeFile(join(oldDir, PENDING_CONFIG), renamedConfig(config, oldDir, newDir, newName), { mode: 0o640 });
  await rename(oldDir, newDir);
  await rename(join(newDir, PENDING_CONFIG), join(newDir, 'config'));
  await renameHostnameFile(join(newDir, 'rootfs', 'etc', 'hostname'), name, newName);
  return 'renamed';
}

/** Completes renames a power cut interrupted; returns the containers it repaired. */
export async function finishInterruptedRenames(lxcPath: string): Promise<string[]> {
  const entries = await readdir(lxcPath, { withFileTypes: true }).catch(() => []);
  const repaired: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const pending = join(lxcPath, entry.name, PENDING_CONFIG);
    if (!(await exists(pending))) continue;
    const text = await readFile(pending, 'utf8');
    const target = configValue(text, 'lxc.rootfs.path')?.replace(/^dir:/, '');
    // Renamed folder, old config: finish. Old folder (crash before the folder moved): drop the new config.
    if (target === join(lxcPath, entry.name, 'rootfs')) {
      await rename(pending, join(lxcPath, entry.name, 'config'));
    } else {
      await rm(pending);
    }
    repaired.push(entry.name);
  }
  return repaired;
}

function rootfsIsOwnDirectory(config: string, containerDir: string): boolean {
  return directoryRootfs(config) === join(containerDir, 'rootfs');
}

/** Every path inside the old folder now points into the new one; the host name is the new name. */
function renamedConfig(config: string, oldDir: string, newDir: string, newName: string): string {
  let sawName = false;
  const lines = config.split('\n').map((line) => {
    const match = /^(\s*)([\w.]+)(\s*=\s*)(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) return line;
    const [, indent, key, equals, value] = match as unknown as [string, string, string, string, string];
    if (key === 'lxc.uts.name') {
      sawName = true;
      return `${indent}${key}${equals}${newName}`;
    }
    const moved = value === oldDir ? newDir : value.split(`${oldDir}/`).join(`${newDir}/`);
    return `${indent}${key}${equals}${moved}`;
  });
  if (!sawName) lines.splice(lines.at(-1) === '' ? lines.length - 1 : lines.length, 0, `lxc.uts.name = ${newName}`);
  return lines.join('\n');
}

/** As lxc-copy does: an /etc/hostname that held the old name gets the new one. */
async function renameHostnameFile(file: string, name: string, newName: string): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current !== null && current.trim() === name) await writeFile(file, `${newName}\n`);
}

async function hasEntries(directory: string): Promise<boolean> {
  const entries = await readdir(directory).catch(() => []);
  return entries.length > 0;
}
