import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * LXC's marker of a container being created: lxc-create (LXC 4/5) makes it in
 * the container's folder before anything else and deletes it last. An
 * lxc-create killed on the way (a power cut, SIGKILL) leaves it behind, and
 * LXC 5.0.2 then lists the container as an ordinary STOPPED one and never
 * cleans it up (its check for an unfinished create always answers "ongoing").
 */
export const PARTIAL_MARKER = 'partial';

/** Why a container that LXC lists is not whole. */
export type ContainerFolderProblem =
  | { kind: 'being-created' }
  /** Its root filesystem is a directory that is not there (an interrupted lxc-destroy, a disk not mounted). */
  | { kind: 'missing-rootfs'; rootfs: string };

/** A container folder holding the partial marker, found at start-up. */
export interface HalfCreatedFolder {
  name: string;
  /** Whether LXC knows the container (its config is written): lxc-destroy can remove it, else only its folder is left. */
  defined: boolean;
}

/** The first problem that keeps the container `name` of `lxcPath` from being whole, or null. */
export async function findContainerFolderProblem(lxcPath: string, name: string): Promise<ContainerFolderProblem | null> {
  const folder = join(lxcPath, name);
  if (await exists(join(folder, PARTIAL_MARKER))) return { kind: 'being-created' };
  const config = await readFile(join(folder, 'config'), 'utf8').catch(() => null);
  const rootfs = config === null ? null : directoryRootfs(config);
  if (rootfs !== null && !(await stat(rootfs).then(() => true, () => false))) return { kind: 'missing-rootfs', rootfs };
  return null;
}

/** Every folder of `lxcPath` with LXC's partial marker in it. */
export async function findHalfCreatedFolders(lxcPath: string): Promise<HalfCreatedFolder[]> {
  const entries = await readdir(lxcPath, { withFileTypes: true }).catch(() => []);
  const found: HalfCreatedFolder[] = [];
  for (const entry of entries) {
    // A symbolic link is not a container folder this node made: never followed.
    if (!entry.isDirectory()) continue;
    const folder = await findHalfCreatedFolder(lxcPath, entry.name);
    if (folder !== null) found.push(folder);
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The folder of `name` when it holds LXC's partial marker, else null. */
export async function findHalfCreatedFolder(lxcPath: string, name: string): Promise<HalfCreatedFolder | null> {
  const folder = join(lxcPath, name);
  if (!(await exists(join(folder, PARTIAL_MARKER)))) return null;
  return { name, defined: await exists(join(folder, 'config')) };
}

/**
 * The root filesystem path of a directory-backed container (`dir:/path`, or a
 * bare path, which LXC treats as a directory or a block device); null for
 * other backends (overlay, btrfs, lvm, zfs…) and for a config without one.
 */
export function directoryRootfs(config: string): string | null {
  const rootfs = configValue(config, 'lxc.rootfs.path');
  if (rootfs === null) return null;
  if (rootfs.startsWith('dir:')) return rootfs.slice('dir:'.length);
  return rootfs.startsWith('/') ? rootfs : null;
}

/** The value of `key` in an LXC config file (the first occurrence, quotes removed), or null. */
export function configValue(config: string, key: string): string | null {
  for (const line of config.split('\n')) {
    const match = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] === key) return match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return null;
}

export async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
