import { lstat, readlink, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** How the container's init wants to be told to halt and reboot. */
export type InitKind = 'busybox' | 'other';

/**
 * busybox's init halts on SIGUSR1 and reboots on SIGTERM (what the busybox
 * template configures); any other init (systemd, sysvinit) takes LXC's
 * defaults. An image's /sbin/init is busybox when it is a link to it (the
 * template makes a hard link to /bin/busybox, a tarball keeps it).
 */
export async function initKindOf(rootfs: string): Promise<InitKind> {
  const init = join(rootfs, 'sbin', 'init');
  const link = await lstat(init).catch(() => null);
  if (link === null) return 'other';
  if (link.isSymbolicLink()) return basename(await readlink(init)) === 'busybox' ? 'busybox' : 'other';
  const busybox = await stat(join(rootfs, 'bin', 'busybox')).catch(() => null);
  return busybox !== null && busybox.ino === link.ino && busybox.dev === link.dev ? 'busybox' : 'other';
}

export interface ImageConfigInput {
  name: string;
  rootfs: string;
  init: InitKind;
  /** The key lines of LXC's default config (lxc.default_config: the network, AppArmor), as lxc-create copies them. */
  defaultConfig: string;
}

/**
 * The config of a container made from an image: what lxc-create writes with
 * the busybox template on LXC 5 (its default config, then the template's
 * keys), except the template's read-only binds of the host's /lib and
 * /usr/lib (an image brings its own libraries, and a Debian image would see
 * the board's instead) and with lxc.init.cmd spelled out.
 */
export function imageConfig(input: ImageConfigInput): string {
  const defaults = input.defaultConfig
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^lxc\.[\w.]+\s*=/.test(line) && !/^lxc\.(rootfs|uts)\./.test(line));
  const signals = input.init === 'busybox' ? ['lxc.signal.halt = SIGUSR1', 'lxc.signal.reboot = SIGTERM'] : [];
  return [
    '# Created by TinyStack from an image (the keys of the busybox template, without its binds of the host\'s libraries)',
    ...defaults,
    `lxc.rootfs.path = dir:${input.rootfs}`,
    ...signals,
    `lxc.uts.name = "${input.name}"`,
    'lxc.init.cmd = /sbin/init',
    'lxc.autodev = 1',
    'lxc.tty.max = 5',
    'lxc.pty.max = 1',
    'lxc.cap.drop = sys_module mac_admin mac_override sys_time',
    'lxc.mount.auto = cgroup:mixed proc:mixed sys:ro',
    'lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0',
    'lxc.mount.entry = mqueue dev/mqueue mqueue defaults,optional,create=dir 0 0',
    'lxc.mount.entry = /sys/kernel/security sys/kernel/security none ro,bind,optional 0 0',
    '',
  ].join('\n');
}
