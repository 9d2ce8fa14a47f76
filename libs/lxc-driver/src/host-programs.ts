/**
 * Every program TinyStack runs on a board, with the Debian package that
 * provides it and why it is needed. scripts/setup-host.sh installs each of
 * these packages (and the release packages depend on them);
 * host-programs.spec.ts fails when code runs a program missing here, or when
 * setup-host.sh does not install its package, so a machine that happens to
 * have a program installed can no longer hide its absence from the others.
 */
export const HOST_PROGRAMS = {
  'lxc-ls': { package: 'lxc', why: 'lists containers (and tells the LXC version)' },
  'lxc-info': { package: 'lxc', why: "reads a container's state and figures" },
  'lxc-create': { package: 'lxc', why: 'creates containers from a template' },
  'lxc-start': { package: 'lxc', why: 'starts containers' },
  'lxc-stop': { package: 'lxc', why: 'stops containers' },
  'lxc-copy': { package: 'lxc', why: 'renames containers that cannot be renamed in place' },
  'lxc-destroy': { package: 'lxc', why: 'deletes containers' },
  'lxc-config': { package: 'lxc', why: "tells LXC's default lxcpath" },
  'lxc-attach': { package: 'lxc', why: 'runs commands and terminal sessions inside containers' },
  'lxc-snapshot': { package: 'lxc', why: "takes, restores and deletes containers' snapshots" },
  'lxc-cgroup': { package: 'lxc', why: 'applies a changed limit to a running container' },
  tar: { package: 'tar', why: "unpacks an image into a container's rootfs and packs a stopped one's for publishing" },
  nft: { package: 'nftables', why: "forwards the board's ports to containers (its own table, tinystack)" },
  rsync: { package: 'rsync', why: 'lxc-copy copies root filesystems with it (lxc only recommends it)' },
  busybox: { package: 'busybox-static', why: "the busybox template copies the host's static busybox" },
  dnsmasq: { package: 'dnsmasq-base', why: 'DHCP on lxcbr0 (setup-host.sh): containers halt cleanly only after their lease' },
  ip: { package: 'iproute2', why: "creates the lxcbr0 bridge (setup-host.sh); the bridge readiness check reads the bridge's addresses" },
} as const satisfies Record<string, { package: string; why: string }>;

export type HostProgram = keyof typeof HOST_PROGRAMS;

/**
 * Programs only the test suite runs (never a board, so not a dependency of the
 * release packages): `scripts/setup-host.sh --for-tests` installs their
 * packages (test_packages=(...)), and host-programs.spec.ts checks it does.
 */
export const TEST_PROGRAMS = {
  mosquitto_sub: { package: 'mosquitto-clients', why: "the README's MQTT subscribe example, run against the manager's broker" },
  mosquitto_pub: { package: 'mosquitto-clients', why: "the README's MQTT publish example, run against the manager's broker" },
} as const satisfies Record<string, { package: string; why: string }>;

/** The LXC tools the driver runs; each one is a HOST_PROGRAMS entry. */
export const LXC_TOOLS = [
  'lxc-ls',
  'lxc-info',
  'lxc-create',
  'lxc-start',
  'lxc-stop',
  'lxc-copy',
  'lxc-destroy',
  'lxc-config',
  'lxc-attach',
  'lxc-snapshot',
  'lxc-cgroup',
] as const satisfies readonly HostProgram[];

export type LxcTool = (typeof LXC_TOOLS)[number];

/** Network interfaces of the containers' own network (the bridge, the veth pairs): nothing outside the board reaches it through them. */
export function isContainerInterface(name: string): boolean {
  return /^(lxcbr|veth)/.test(name);
}
